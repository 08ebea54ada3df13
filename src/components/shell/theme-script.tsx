/**
 * Runs before first paint so a dark-mode user never sees a white flash: the saved choice, else
 * the system's. Server component: plain inline script, no client bundle.
 */
const script = `try{var t=localStorage.getItem('duckquery.theme');if(t!=='light'&&t!=='dark')t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';document.documentElement.classList.toggle('dark',t==='dark')}catch(e){}`;

export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: script }} />;
}
