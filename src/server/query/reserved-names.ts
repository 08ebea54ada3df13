/**
 * `system_*` names belong to DuckQuery (its metadata tables and sequences). DuckDB matches
 * names case-insensitively, so the check is too; and a name that only looks like one (Cyrillic
 * `ѕ`, full-width `＿`, a zero-width space) is refused as well, so nobody can plant a table that
 * passes for a system table in a listing.
 */
const RESERVED_PREFIX = 'system_';

/** Letters that render like those of "system_" (Unicode confusables, the ones that matter here). */
const LOOK_ALIKES: Record<string, string> = {
  '\u0455': 's', // Cyrillic small dze
  '\u0405': 's',
  '\ua731': 's', // small capital s
  '\u0443': 'y', // Cyrillic u
  '\u0423': 'y',
  '\u04af': 'y', // Cyrillic straight u
  '\u04ae': 'y',
  '\u03b3': 'y', // Greek gamma
  '\u0442': 't', // Cyrillic te
  '\u0422': 't',
  '\u03c4': 't', // Greek tau
  '\u03a4': 't',
  '\u0435': 'e', // Cyrillic ie
  '\u0415': 'e',
  '\u03b5': 'e', // Greek epsilon
  '\u0395': 'e',
  '\u043c': 'm', // Cyrillic em
  '\u041c': 'm',
  '\u039c': 'm', // Greek Mu
  '\u2017': '_', // double low line
  '\u02cd': '_', // modifier low macron
};

/** Characters that render as nothing. */
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]/g;

/** The name as a reader would see it: NFKC, no invisible characters, look-alikes folded, lower case. */
export function nameSkeleton(name: string): string {
  // Folded before NFKC too: NFKC turns some look-alikes (U+2017) into sequences that no longer match.
  return fold(fold(name).normalize('NFKC').replace(INVISIBLE, '')).toLowerCase();
}

const fold = (text: string) => Array.from(text, (c) => LOOK_ALIKES[c] ?? c).join('');

export function isReservedName(name: string): boolean {
  return nameSkeleton(name).startsWith(RESERVED_PREFIX);
}
