/**
 * The tables of a combined study: each run's searches and candidates with their ids qualified by the run's label
 * (label/pass-0001, label/v017: a volunteer belongs to one run), pooled, and split by site. Sites come from each
 * deployment's site in the run record; a run whose deployments have no site (a simulation) is one site named by
 * its label.
 */
import path from 'node:path';
import { CANDIDATE_COLUMNS } from '../store/contract.ts';
import { concatTables, readPlainTable, SEARCH_AND_CONDITION_COLUMNS, searchColumnsOf, selectRows, writePlainTable, type PlainTable } from '../store/plain-table.ts';
import type { LoadedRun } from './load-runs.ts';

/** A site of the study: its id (folder-safe), label, and the runs and deployments (label/d1) recorded there. */
export interface Site {
  id: string;
  label: string;
  runs: string[];
  deployments: string[];
}

/** Where the combined tables of one algorithm were written. */
export interface MergedAlgorithm {
  id: string;
  label: string;
  pooled: { searches: string; candidates: string | null };
  bySite: Map<string, { searches: string; candidates: string | null }>;
}

/** What the strata of a combined study are: sites (deployments at one place together) or single deployments. */
export type Strata = 'site' | 'deployment';

/**
 * The strata of `runs` and the stratum of each qualified deployment (label/d1): each site, or (`strata` =
 * 'deployment') each deployment, labelled "site, label/d1".
 */
export function studySites(runs: readonly LoadedRun[], strata: Strata = 'site'): { sites: Site[]; siteOf: (run: LoadedRun, deployment: string | null) => string } {
  const byLabel = new Map<string, Site>();
  const fallback = new Map<string, string>();
  const ids = new Set<string>();
  const siteFor = (label: string): Site => {
    let s = byLabel.get(label);
    if (s === undefined) {
      const base = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'site';
      let id = base;
      for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
      ids.add(id);
      byLabel.set(label, (s = { id, label, runs: [], deployments: [] }));
    }
    return s;
  };
  const deploymentSite = new Map<string, string>();
  for (const run of runs) {
    const named = [...new Set(run.record.deployments.map((d) => d.site).filter((x) => x !== null))];
    fallback.set(run.label, named.length === 1 && named[0] !== undefined ? named[0] : run.label);
    for (const d of run.record.deployments) {
      const place = d.site ?? run.label;
      const site = siteFor(strata === 'site' ? place : `${place}, ${run.label}/${d.id}`);
      if (!site.runs.includes(run.label)) site.runs.push(run.label);
      site.deployments.push(`${run.label}/${d.id}`);
      deploymentSite.set(`${run.label}/${d.id}`, site.id);
    }
  }
  const siteOf = (run: LoadedRun, deployment: string | null): string => {
    const known = deployment === null ? undefined : deploymentSite.get(`${run.label}/${deployment}`);
    if (known !== undefined) return known;
    const site = siteFor(fallback.get(run.label) ?? run.label);
    if (!site.runs.includes(run.label)) site.runs.push(run.label);
    return site.id;
  };
  return { sites: [...byLabel.values()], siteOf };
}

const qualify = (label: string) => (v: string | number | boolean | null): string | number | boolean | null => (typeof v === 'string' ? `${label}/${v}` : v);

/**
 * Writes, under `scratch`, each algorithm's pooled tables and one pair per stratum (site or deployment); returns where.
 * @throws InputError when a run's table is unreadable or malformed.
 */
export function mergeRuns(runs: readonly LoadedRun[], scratch: string, strata: Strata = 'site'): { sites: Site[]; algorithms: MergedAlgorithm[]; siteOfSearch: Map<string, Map<string, string>> } {
  const { sites, siteOf } = studySites(runs, strata);
  const first = runs[0];
  const algorithms: MergedAlgorithm[] = [];
  const siteOfSearch = new Map<string, Map<string, string>>();
  for (const alg of first?.record.algorithms ?? []) {
    const searchParts: PlainTable[] = [];
    const candidateParts: PlainTable[] = [];
    const searchSite = new Map<string, string>();
    let withCandidates = true;
    for (const run of runs) {
      const mine = run.record.algorithms.find((a) => a.id === alg.id);
      if (mine?.searches == null) continue;
      const s = readPlainTable(path.join(run.dir, mine.searches), SEARCH_AND_CONDITION_COLUMNS);
      const deployments = s.columns.deployment ?? [];
      const q = qualify(run.label);
      for (const name of ['search_id', 'subject_id', 'top_nonmate_id', 'deployment']) s.columns[name] = (s.columns[name] ?? []).map(q);
      s.columns.search_id?.forEach((id, i) => searchSite.set(String(id), siteOf(run, typeof deployments[i] === 'string' ? deployments[i] : null)));
      searchParts.push(s);
      if (mine.candidates === null) {
        withCandidates = false;
        continue;
      }
      const c = readPlainTable(path.join(run.dir, mine.candidates), CANDIDATE_COLUMNS);
      for (const name of ['search_id', 'gallery_id']) c.columns[name] = (c.columns[name] ?? []).map(q);
      candidateParts.push(c);
    }
    const dir = path.join(scratch, alg.id);
    const write = (name: string, searches: PlainTable, candidates: PlainTable | null): { searches: string; candidates: string | null } => {
      const files = { searches: path.join(dir, name, 'searches.arrow'), candidates: candidates === null ? null : path.join(dir, name, 'candidates.arrow') };
      writePlainTable(files.searches, searchColumnsOf(searches), searches);
      if (candidates !== null && files.candidates !== null) writePlainTable(files.candidates, CANDIDATE_COLUMNS, candidates);
      return files;
    };
    const searches = concatTables(searchParts);
    const candidates = withCandidates ? concatTables(candidateParts) : null;
    const pooled = write('pooled', searches, candidates);
    const bySite = new Map<string, { searches: string; candidates: string | null }>();
    for (const site of sites) {
      const ids = searches.columns.search_id ?? [];
      const keep = new Set<string>();
      ids.forEach((id) => {
        if (searchSite.get(String(id)) === site.id) keep.add(String(id));
      });
      if (keep.size === 0) continue;
      bySite.set(site.id, write(`site-${site.id}`, selectRows(searches, (i) => keep.has(String(ids[i]))),
        candidates === null ? null : selectRows(candidates, (i) => keep.has(String(candidates.columns.search_id?.[i])))));
    }
    algorithms.push({ id: alg.id, label: alg.label, pooled, bySite });
    siteOfSearch.set(alg.id, searchSite);
  }
  return { sites: sites.filter((s) => s.runs.length > 0), algorithms, siteOfSearch };
}
