import type { Command } from 'commander';
import { Option } from 'commander';
import type { DocType, SearchContext, SearchHit, SearchMode, SearchResponse } from '../../shared/types';
import { contextName, describeExpansion, sideName } from '../../shared/explain';
import { openEngine, printJson } from '../context';
import type { GlobalOptions } from '../context';

interface SearchOpts extends GlobalOptions {
  mode: SearchMode;
  k: string;
  type?: DocType[];
  folder?: string;
  from?: string;
  to?: string;
  section?: string;
  patient?: string;
  chunks?: boolean;
  context: SearchContext;
  expand: boolean;
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('ranked matches for a query (hybrid by default)')
    .argument('<query>', 'what to look for, in your own words')
    .addOption(
      new Option('--mode <mode>', 'hybrid, vector or keyword')
        .choices(['hybrid', 'vector', 'keyword'])
        .default('hybrid'),
    )
    .option('-k, --k <n>', 'how many results', '10')
    .option('--type <types...>', 'only these document types (pdf, note, docx, ...)')
    .option('--folder <dir>', 'only documents under this folder')
    .option('--from <date>', 'date of service on or after (YYYY-MM-DD)')
    .option('--to <date>', 'date of service on or before (YYYY-MM-DD)')
    .option('--section <name>', 'only passages in this note section (e.g. "ASSESSMENT AND PLAN")')
    .option('--patient <name>', 'only this patient')
    .option('--chunks', 'every matching passage instead of one per document')
    .option('--team <uri>', 'also search this team library (s3://bucket/prefix), fused with the --db library')
    .addOption(
      new Option('--context <which>', 'affirmed: denied, family, planned and possible mentions rank last; all: no')
        .choices(['affirmed', 'all'])
        .default('affirmed'),
    )
    .option('--no-expand', 'search the words as typed (no abbreviations or everyday words widened)')
    .option('--json', 'print hits as JSON')
    .action(async (query: string, _o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<SearchOpts>();
      const engine = await openEngine(opts);
      try {
        const k = Number(opts.k);
        const filters = {
          ...(opts.type ? { types: opts.type } : {}),
          ...(opts.folder ? { folder: opts.folder } : {}),
          ...(opts.from ? { dateFrom: opts.from } : {}),
          ...(opts.to ? { dateTo: opts.to } : {}),
          ...(opts.section ? { section: opts.section } : {}),
          ...(opts.patient ? { patient: opts.patient } : {}),
        };
        const res = await engine.search({
          query,
          mode: opts.mode,
          k,
          filters,
          groupByDocument: !opts.chunks,
          context: opts.context,
          expand: opts.expand,
        });
        if (opts.json) return printJson(res);
        process.stdout.write(header(res));
        if (res.hits.length === 0) process.stdout.write('No matches. Import documents with: clinote index <folder>\n');
        res.hits.forEach((h, i) => process.stdout.write(formatHit(h, i + 1, res.hits[i - 1])));
        process.stdout.write(`(${res.mode}, ${res.modelId}, ${res.tookMs.toFixed(0)} ms)\n`);
      } finally {
        await engine.close();
      }
    });
}

function header(res: SearchResponse): string {
  const lines: string[] = [];
  if (res.expansion?.expansions.length) lines.push(`Also searched: ${describeExpansion(res.expansion).join('; ')}`);
  if (res.queryContextCue) lines.push(`Asking for: ${contextName(res.queryContext)} ("${res.queryContextCue}")`);
  return lines.length ? lines.join('\n') + '\n\n' : '';
}

function formatHit(h: SearchHit, rank: number, before: SearchHit | undefined): string {
  const passage = h.text.slice(h.passage.start, h.passage.end);
  const bold = process.stdout.isTTY ? highlight(h, passage) : passage;
  const where = `${h.type === 'pdf' ? `page ${h.page}` : h.section ? h.section.toLowerCase() : 'note'}`;
  const team = h.source === 'team' ? ' [team]' : '';
  const cue = h.why.evidence.find((e) => e.label === h.context)?.cue;
  const label = h.context === 'affirmed' ? '' : `  [${contextName(h.context, cue)}${cue ? `: ${cue}` : ''}]`;
  const divider = h.demoted && !before?.demoted ? '-- mentioned only in another context --\n\n' : '';
  const found = `${h.why.relevance} match, ${sideName(h.why.side)}`;
  const words = h.why.words.map((w) => (w.via ? `${w.text} (for ${w.via})` : w.text)).join(', ');
  return (
    `${divider}${rank}. ${h.title}${team}${label}  (${where}; ${found})\n   ${h.path}\n   ${bold.replace(/\s+/g, ' ')}\n` +
    (words ? `   words: ${words}\n` : '') +
    '\n'
  );
}

function highlight(h: SearchHit, passage: string): string {
  let out = '';
  let at = h.passage.start;
  for (const m of h.matches.filter((m) => m.start >= h.passage.start && m.end <= h.passage.end)) {
    out += h.text.slice(at, m.start) + '\x1b[1;33m' + h.text.slice(m.start, m.end) + '\x1b[0m';
    at = m.end;
  }
  return at === h.passage.start ? passage : out + h.text.slice(at, h.passage.end);
}
