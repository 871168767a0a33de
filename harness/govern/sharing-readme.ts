/** The README of a sharing package: what is inside, what is not, what the columns mean, how to reanalyse it. */
import { CANDIDATE_COLUMNS, CONDITION_COLUMNS, SEARCH_COLUMNS } from '../store/contract.ts';
import type { RunRecord } from '../store/run-record.ts';

/** What the README describes. */
export interface ReadmeFacts {
  record: RunRecord;
  /** Per algorithm: rows of each table, and the capture-condition columns its searches table carries. */
  tables: { algorithm: string; searches: number; candidates: number | null; conditions: string[] }[];
  files: string[];
  /** End of the data's retention period (the recipient keeps them no longer), or null for simulated data. */
  keepUntil: string | null;
}

/** README.md of a sharing package, in plain Markdown. */
export function sharingReadme(f: ReadmeFacts): string {
  const r = f.record;
  const columns = (specs: typeof SEARCH_COLUMNS): string => specs.map((c) => `| ${c.name} | ${c.description} |`).join('\n');
  const first = f.tables[0];
  const withdrawals = r.withdrawals.length;
  const has = (name: string): boolean => f.files.includes(name);
  const conditions = CONDITION_COLUMNS.filter((c) => f.tables.some((t) => t.conditions.includes(c.name)));
  return `# ${r.title}: data for reanalysis

Exported by Evenhand from campaign \`${r.campaign}\` for sharing with other researchers.
${r.simulated ? '\n**SIMULATED DATA**: these searches were drawn from a score model, not recorded from people.\n' : ''}
## What is inside

${f.files.map((x) => `- \`${x}\``).join('\n')}

${f.tables.map((t) => `- ${t.algorithm}: ${t.searches} searches${t.candidates === null ? '' : `, ${t.candidates} candidates`}`).join('\n')}

The tables follow Evenhand's contract between replay and analysis (one row per search: one person's pass through one
camera's zone, or one probe image; the top candidates of each search). The protocol (\`${r.protocol}\`) says what was
tested and how.${has('results.json') ? ' `results.json` is the analysis published with the study.' : ''}${has('provenance.json') ? ' `provenance.json` says what went in (hashes of inputs, models and software).' : ''}${has('truth.json') ? ' `truth.json` holds the true rates the simulation was drawn from.' : ''}

## What is not inside, and why

- No images, no footage, no face embeddings, no galleries, no track tables, no dataset manifest, no names.
- Every id that could point to a person or a pass (\`search_id\`, \`subject_id\`, \`gallery_id\`, \`top_nonmate_id\`) is
  replaced by a pseudonym: a keyed hash (HMAC-SHA256) under a key made fresh for this export. The same volunteer has
  the same pseudonym throughout this package (as a subject and as a gallery entry), and a different one in any other
  export. Without the key the pseudonyms cannot be turned back into ids.
- Rows are in pseudonym order, so their order says nothing about the original.
- Per-image hashes in the provenance are folded into one hash per role.
- Demographic categories (sex, ethnicity, age band), deployments, cameras and times within a deployment are kept: the
  analysis needs them. So are the capture conditions of each search's best shot where they were measured (numbers
  such as face size and head pose), for analyses by condition. Small groups can still single a volunteer out to someone who knows who took part, so keep the
  package under your data-sharing agreement and do not publish it as it is.
${withdrawals > 0 ? `- ${withdrawals} volunteer(s) withdrew from the study before this export; their data are not in it.\n` : ''}${f.keepUntil === null ? '' : `- The study keeps these data until ${f.keepUntil}, then reviews them; keep your copy no longer.\n`}
## Reanalyse

With Evenhand installed:

    npx evenhand analyse --protocol ${r.protocol} --searches tables/${first?.algorithm ?? '<algorithm>'}/searches.arrow --candidates tables/${first?.algorithm ?? '<algorithm>'}/candidates.arrow --out analysis
    npx evenhand report --results analysis/results.json --out report

Any tool that reads Apache Arrow IPC files can read the tables (pyarrow, R arrow, DuckDB, Polars).

## Columns of searches.arrow

| column | meaning |
|---|---|
${columns(SEARCH_COLUMNS)}
${conditions.length > 0 ? `${columns(conditions)}\n` : ''}
## Columns of candidates.arrow

| column | meaning |
|---|---|
${columns(CANDIDATE_COLUMNS)}
`;
}
