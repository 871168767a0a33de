/** The report pages' stylesheet, inlined so pages are self-contained and print well. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --accent: #0b5394; --warn: #6b4200; --warnbg: #fff4d6; --bad: #8a1c1c; --good: #1d5e20; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
header nav { max-width: 60rem; margin: 0 auto; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; border-bottom: 1px solid #ddd; }
header nav a { color: var(--accent); }
header nav a[aria-current="page"] { font-weight: 700; color: var(--ink); text-decoration: none; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
footer { max-width: 60rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: .9rem; border-top: 1px solid #ddd; }
a { color: var(--accent); }
h1 { font-size: 1.8rem; line-height: 1.2; }
h2 { margin-top: 2.2rem; }
.lede { color: var(--muted); }
.banner { background: var(--warnbg); color: var(--warn); border: 2px solid #e0b84c; padding: .75rem 1rem; border-radius: 6px; }
.headline { border-left: 4px solid var(--accent); padding: .25rem 1rem; margin: 1rem 0; background: #f4f8fc; }
.headline h3 { margin: .25rem 0; }
.verdict { font-weight: 600; }
.verdicts { padding-left: 1.25rem; }
.verdicts li.verdict { font-weight: 400; }
.verdicts .subject { font-weight: 700; }
.headline h4 { margin: .75rem 0 .25rem; }
.verdict.significant-difference { color: var(--bad); }
.verdict.too-small-to-tell, .verdict.untested { color: var(--warn); }
.verdict.equivalent, .verdict.no-significant-difference { color: var(--good); }
figure { margin: 1.5rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figure svg.chart-phone { display: none; }
@media screen and (max-width: 40rem) { figure svg.chart-wide { display: none; } figure svg.chart-phone { display: block; } }
figcaption { font-weight: 600; margin: .25rem 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
.suppressed { color: var(--muted); font-style: italic; }
.kn { color: var(--muted); font-size: .85em; white-space: nowrap; }
.note { color: var(--muted); font-size: .9rem; }
summary { cursor: pointer; color: var(--accent); }
.controls { display: grid; gap: .4rem; padding: .6rem 1rem; background: #f4f8fc; border-radius: 6px; position: sticky; top: 0; z-index: 1; box-shadow: 0 2px 4px rgba(0,0,0,.12); }
.controls p { margin: 0; }
.slider-marks { position: relative; height: 1.3rem; font-size: .8rem; overflow: hidden; }
.slider-marks span { position: absolute; transform: translateX(-.45rem); white-space: nowrap; color: var(--good); font-weight: 600; }
.summary { font-size: .9rem; font-variant-numeric: tabular-nums; }
.policy { font-weight: 600; padding: .5rem .75rem; border-radius: 6px; }
.policy.meets { color: var(--good); background: #eaf5ea; }
.policy.fails { color: var(--bad); background: #fbecec; }
.verdict-map th, .verdict-map td { padding: .1rem .2rem; text-align: center; font-size: .8rem; }
.verdict-map tbody th { text-align: left; white-space: nowrap; }
.v { font-weight: 700; }
.v.significant-difference { color: #fff; background: #b2182b; }
.v.equivalent { color: #fff; background: #2166ac; }
.v.no-significant-difference { color: #000; background: #92c5de; }
.v.too-small-to-tell { color: #000; background: #e0e0e0; }
span.v { padding: 0 .3rem; border-radius: 3px; }
.verdict-map .current { outline: 2px solid #000; outline-offset: -2px; }
@media (max-width: 40rem) { .controls { padding: .4rem .6rem; } .controls label { font-size: .95rem; } }
.controls label { font-weight: 600; }
.controls input[type=range] { width: 100%; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.figures div { border: 1px solid #ccd; border-radius: 6px; padding: .5rem .75rem; }
.figures strong { display: block; font-size: 1.5rem; }
.print-only { display: none; }
#chart { width: 100%; max-width: 100%; overflow: hidden; }
#chart svg { max-width: 100%; height: auto; }
@media print {
  body { font-size: 10pt; }
  header nav, .controls { display: none; }
  .print-only { display: block; }
  .banner { border-color: #000; }
  details { display: block; }
  details > summary { display: none; }
  main { max-width: none; padding: 0; }
  h2, h3, h4, caption { break-after: avoid; }
  figure { overflow: visible; }
  figure svg { break-inside: avoid; }
  figcaption { break-before: avoid; }
  .headline { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { width: 100%; font-size: 7pt; }
  th, td { padding: .1rem .25rem; overflow-wrap: break-word; }
  code { overflow-wrap: anywhere; word-break: break-all; }
  tr { break-inside: avoid; }
}
`;
