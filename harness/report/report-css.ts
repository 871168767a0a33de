/** The report pages' stylesheet, inlined so pages are self-contained and print well. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --accent: #0b5394; --warn: #7a4b00; --warnbg: #fff4d6; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.8rem; line-height: 1.2; }
.lede { color: var(--muted); }
.banner { background: var(--warnbg); color: var(--warn); border: 2px solid #e0b84c; padding: .75rem 1rem; border-radius: 6px; }
.headline { border-left: 4px solid var(--accent); padding: .25rem 1rem; margin: 1rem 0; background: #f4f8fc; }
.headline h3 { margin: .25rem 0; }
figure { margin: 1.5rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; margin: .25rem 0; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; }
td { font-variant-numeric: tabular-nums; }
footer { margin-top: 3rem; color: var(--muted); font-size: .9rem; }
@media print { .banner { border-color: #000; } details { display: block; } }
`;
