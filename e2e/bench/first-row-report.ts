// The benchmark table's rows for the figures measured from navigation (first-row.ts,
// cpu-budget.ts).
import type { CpuBudget } from './cpu-budget';
import type { FirstRowFigures, FromNavigationResults, ScreenTasks } from './first-row';
import { SCREENS } from './first-row';

/** `; longest frame 120 ms at 611 ms: evaluate start-….js 98 ms` (what to look at first). */
function frameNote(frame: ScreenTasks['longestFrame']): string {
  if (!frame) return '';
  const script = frame.script ? `: ${frame.script} ${frame.scriptMs ?? 0} ms` : ': no script (style, layout, paint)';
  return `; longest frame ${frame.durationMs} ms at ${frame.startMs} ms${script}`;
}

/**
 * `; shell 163 ms (home page's 124), screen 183 ms (+0 ms to the row)`: when the app's
 * shell and then the package screen first rendered, against the home page's shell.
 */
function screenNote(r: FirstRowFigures): string {
  const known = (value: number | undefined): value is number => value !== undefined && !Number.isNaN(value);
  const shell =
    known(r.shellMs) && known(r.appShellMs)
      ? `shell ${r.shellMs.toFixed(0)} ms (home page's ${r.appShellMs.toFixed(0)}), `
      : '';
  if (!known(r.screenMs)) return '';
  // Medians taken apart: theirs can differ by less than zero though no run's row came first.
  return `; ${shell}screen ${r.screenMs.toFixed(0)} ms (+${Math.max(0, r.firstRowMs - r.screenMs).toFixed(0)} ms to the row)`;
}

/** The benchmark table's rows for these figures. */
export function fromNavigationRows(
  r: FromNavigationResults,
  previous?: FromNavigationResults,
): [string, string, string, string][] {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const was = (before: number | undefined) => (before === undefined ? '' : `  (was ${ms(before)})`);
  /** The first row again for another document or network: `the same, <what>`. */
  const sameFor = (
    what: string,
    f: FirstRowFigures,
    before: FirstRowFigures | undefined,
  ): [string, string, string, string] => [
    `   the same, ${what}`,
    ms(f.firstRowMs) + was(before?.firstRowMs),
    `${ms(f.floorMs)} = max(boot ${ms(f.appBootMs)}, fetch+parse ${ms(f.fetchParseMs)}); requests ${f.packumentRequests.join(', ')}${screenNote(f)}`,
    `${f.ratio.toFixed(2)} (≤ 1.2)`,
  ];
  return [
    [
      '6. first row from navigation, 3,000 versions',
      ms(r.firstRowMs) + was(previous?.firstRowMs),
      `${ms(r.floorMs)} = max(boot ${ms(r.appBootMs)}, fetch+parse ${ms(r.fetchParseMs)})${screenNote(r)}`,
      `${r.ratio.toFixed(2)} (≤ 1.2)`,
    ],
    ['   packument requests per navigation', r.packumentRequests.join(', '), '', '(1)'],
    ...(r.smaller ? [sameFor(`${r.smaller.name} (3,000 versions, smaller)`, r.smaller, previous?.smaller)] : []),
    ...(r.smallest ?? []).map((s) =>
      sameFor(
        `${s.name} (3,000 versions; floor: the boot)`,
        s,
        previous?.smallest?.find((p) => p.name === s.name),
      ),
    ),
    ...(r.emulated
      ? [
          sameFor(
            `network emulated: ${r.emulated.network.mbitPerSecond} Mbit/s, ${r.emulated.network.latencyMs} ms`,
            r.emulated,
            previous?.emulated,
          ),
        ]
      : []),
    ...SCREENS.map((screen): [string, string, string, string] => [
      `   longest main-thread task: ${screen}`,
      ms(r.longestTaskMs[screen]) + was(previous?.longestTaskMs[screen]),
      `${r.longTasksOver50[screen]} over 50 ms (median)${frameNote(r.longestFrame?.[screen])}`,
      '(≤ 50 ms)',
    ]),
  ];
}

/** The first row's target (1.2 × its floor) against the earliest the boot's and the download's work allow. */
export function cpuBudgetRows(budgets: CpuBudget[], r: FromNavigationResults): [string, string, string, string][] {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return budgets.map((b) => {
    const floor =
      b.name === r.smaller?.name
        ? r.smaller.floorMs
        : (r.smallest?.find((s) => s.name === b.name)?.floorMs ?? r.floorMs);
    const target = 1.2 * floor;
    return [
      `   processor time, ${b.name}: first row`,
      `${ms(b.firstRowCpuMs)} CPU in ${ms(b.firstRowWindowMs)} (${(b.firstRowCpuMs / b.firstRowWindowMs).toFixed(2)} of ${b.cores} cores)`,
      `boot ${ms(b.bootCpuMs)} + download ${ms(b.fetchCpuMs)} CPU: first row ≥ ${ms(b.lowerBoundMs)} on ${b.cores} cores`,
      `target ${ms(target)}${b.lowerBoundMs > target ? ': below that bound (with the harness)' : ''}`,
    ];
  });
}
