#!/usr/bin/env bash
# Starts PostgreSQL and MariaDB on loopback for the connector tests (tests/connectors) and the
# connector bench, in a container without systemd. Idempotent: a server already running is left
# as it is; users, databases and passwords are (re)set every time.
#
# Test credentials (fixed, for throwaway test servers only; the tests' defaults match them):
#   PostgreSQL 127.0.0.1:${DQ_TEST_PG_PORT:-5432}  user duckquery_test / duckquery-test-pw, database duckquery_test
#   MariaDB    127.0.0.1:${DQ_TEST_MYSQL_PORT:-3306} user duckquery_test / duckquery-test-pw, database duckquery_test
# plus the users of /work/shared/legacy/samples/config/datasources.json (see PASSWORDS.txt there):
#   MariaDB report / r3port-pass! on database shop; PostgreSQL analyst / plain-text-pass on analytics.
set -euo pipefail

PG_PORT="${DQ_TEST_PG_PORT:-5432}"
MYSQL_PORT="${DQ_TEST_MYSQL_PORT:-3306}"
TEST_USER=duckquery_test
TEST_PASSWORD=duckquery-test-pw
TEST_DB=duckquery_test

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

wait_for() { # <what> <command…>: up to 30 s
  local what="$1"; shift
  for _ in $(seq 1 60); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "start-db-servers: $what did not come up" >&2
  return 1
}

# TLS for the connector tests: a self-signed certificate for 127.0.0.1/localhost, its public half
# at $PG_TEST_CA (what a client passes as ssl_ca for verify-full). Plain connections keep working.
PG_TEST_CA="${DQ_TEST_PG_CA_FILE:-/var/lib/postgresql/duckquery-test-ca.crt}"
enable_postgres_tls() {
  local dir="/etc/postgresql/$1/$2"
  if [ ! -s "$dir/duckquery-test.key" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$dir/duckquery-test.key" -out "$dir/duckquery-test.crt" 2>/dev/null
    chown postgres:postgres "$dir/duckquery-test.key" "$dir/duckquery-test.crt"
    chmod 600 "$dir/duckquery-test.key"
  fi
  install -m 644 "$dir/duckquery-test.crt" "$PG_TEST_CA"
  as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -q -d postgres >/dev/null <<SQL
ALTER SYSTEM SET ssl_cert_file = '$dir/duckquery-test.crt';
ALTER SYSTEM SET ssl_key_file = '$dir/duckquery-test.key';
ALTER SYSTEM SET ssl = on;
SELECT pg_reload_conf();
SQL
}

start_postgres() {
  local version cluster
  version="$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1}')"
  cluster="$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $2}')"
  if [ -z "$version" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
    cluster=main
    pg_createcluster "$version" "$cluster" --port "$PG_PORT" >/dev/null
  fi
  if ! pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
    # Loopback only, whatever the cluster's config says.
    pg_ctlcluster "$version" "$cluster" start -- -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT" >/dev/null \
      || pg_ctlcluster "$version" "$cluster" start >/dev/null
  fi
  wait_for "PostgreSQL $version/$cluster" as_postgres pg_isready -h 127.0.0.1 -p "$PG_PORT"
  as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -q -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$TEST_USER') THEN CREATE ROLE $TEST_USER LOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'analyst') THEN CREATE ROLE analyst LOGIN; END IF;
END \$\$;
ALTER ROLE $TEST_USER WITH LOGIN PASSWORD '$TEST_PASSWORD';
ALTER ROLE analyst WITH LOGIN PASSWORD 'plain-text-pass';
SELECT 'CREATE DATABASE $TEST_DB OWNER $TEST_USER' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$TEST_DB') \gexec
SELECT 'CREATE DATABASE analytics OWNER analyst' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'analytics') \gexec
SQL
  enable_postgres_tls "$version" "$cluster"
  echo "PostgreSQL $version on 127.0.0.1:$PG_PORT: user $TEST_USER / $TEST_PASSWORD, database $TEST_DB (TLS on; CA $PG_TEST_CA)"
}

mysql_ping() { mariadb-admin --protocol=socket --socket=/run/mysqld/mysqld.sock -uroot ping; }

start_mariadb() {
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql --auth-root-authentication-method=socket >/dev/null
  fi
  if ! mysql_ping >/dev/null 2>&1; then
    # Detached, loopback only; its log goes to the data dir (no systemd, no syslog here).
    nohup /usr/sbin/mariadbd --user=mysql --datadir=/var/lib/mysql --socket=/run/mysqld/mysqld.sock \
      --pid-file=/run/mysqld/mysqld.pid --bind-address=127.0.0.1 --port="$MYSQL_PORT" \
      --log-error=/var/lib/mysql/duckquery-test.err </dev/null >/dev/null 2>&1 &
  fi
  wait_for "MariaDB" mysql_ping
  mariadb --protocol=socket --socket=/run/mysqld/mysqld.sock -uroot <<SQL
CREATE DATABASE IF NOT EXISTS $TEST_DB;
CREATE DATABASE IF NOT EXISTS shop;
CREATE USER IF NOT EXISTS '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
CREATE USER IF NOT EXISTS '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
GRANT ALL PRIVILEGES ON $TEST_DB.* TO '$TEST_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON $TEST_DB.* TO '$TEST_USER'@'localhost';
GRANT ALL PRIVILEGES ON shop.* TO '$TEST_USER'@'127.0.0.1';
CREATE USER IF NOT EXISTS 'report'@'127.0.0.1' IDENTIFIED BY 'r3port-pass!';
ALTER USER 'report'@'127.0.0.1' IDENTIFIED BY 'r3port-pass!';
GRANT SELECT ON shop.* TO 'report'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
  echo "MariaDB $(mariadb --protocol=socket --socket=/run/mysqld/mysqld.sock -uroot -N -e 'SELECT VERSION()') on 127.0.0.1:$MYSQL_PORT: user $TEST_USER / $TEST_PASSWORD, database $TEST_DB"
}

start_postgres
start_mariadb
