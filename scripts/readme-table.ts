/** The README section under `heading` (up to the next `## `) and the first table in it. */
export function sectionOf(readme: string, heading: string): string {
  const start = readme.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The table (its `|` lines) of the section under `heading`. */
export function tableIn(readme: string, heading: string): string {
  return sectionOf(readme, heading).split('\n').filter((line) => line.startsWith('|')).join('\n');
}

/** The README with the table of the section under `heading` replaced by `table`. */
export function replaceTableIn(readme: string, heading: string, table: string): string {
  const section = sectionOf(readme, heading);
  const old = tableIn(readme, heading);
  if (!old) throw new Error(`README.md "${heading}" has no table to replace`);
  return readme.replace(section, section.replace(old, table));
}
