// How often each abbreviation of resources/vocabulary/abbreviations.json is written in the MTSamples notes, to
// prune or extend the table. Usage: npx tsx tests/tools/vocabulary-counts.ts [mtsamples dir] [--json]
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { countAbbreviations, readMtsamples, unknownCapitals } from '../integration/vocabularyCounts';
import type { AbbreviationEntry } from '../integration/vocabularyCounts';

const repo = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? resolve(repo, '../shared/data/mtsamples'));
if (!existsSync(dir)) {
  console.error(`No MTSamples folder at ${dir}; pass the folder holding mtsamples.part{1,2}.jsonl.gz.`);
  process.exit(2);
}
const table = JSON.parse(readFileSync(resolve(repo, 'resources/vocabulary/abbreviations.json'), 'utf8')) as {
  entries: AbbreviationEntry[];
};
const notes = readMtsamples(dir);
const counts = countAbbreviations(table.entries, notes).sort((a, b) => b.notes - a.notes);
const unknown = unknownCapitals(table.entries, notes);
if (args.includes('--json')) {
  console.log(JSON.stringify({ notes: notes.length, counts, unknown }, null, 2));
} else {
  const used = counts.filter((c) => c.notes > 0).length;
  console.log(`${notes.length} notes; ${used} of ${counts.length} abbreviation entries occur at least once.\n`);
  console.log('notes\toccurrences\tforms (count)\tsenses');
  for (const c of counts) {
    const forms =
      Object.entries(c.byForm)
        .map(([f, n]) => `${f} ${n}`)
        .join(', ') || c.forms.join(', ');
    console.log(`${c.notes}\t${c.occurrences}\t${forms}\t${c.senses.join(' | ')}`);
  }
  console.log('\nMost frequent capitalised words not in the table:');
  console.log(unknown.map(([w, n]) => `${w} ${n}`).join(', '));
}
