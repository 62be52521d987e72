// install-scripts-added: a version that runs code at install time (`preinstall`,
// `install`, `postinstall`) where the version it follows did not, or runs different code.
//
// What a version is compared with: the previous version (by publish time) of its own
// release line, so that a backport to an old line that always had a postinstall script
// is compared with that line, not with the newest major; the first version of a line
// is compared with the version published just before it.
//
// Severities:
//   high    install scripts appear in a package whose earlier versions never had any:
//           the classic way a hijacked package delivers malware (it runs on every
//           `npm install`, with the installing user's rights);
//   medium  install scripts come back after versions without them, or a hook the
//           previous version did not have is added next to the ones it had;
//   low     a hook the previous version already had runs a different command: the
//           package already ran code at install, but what it runs changed.
// A version that drops install scripts is not a finding. Every command is quoted (cut
// at MAX_COMMAND_CHARS) so that the reviewer sees what runs.
//
// The scripts are the ones in the packument's manifest, which npm reads to decide
// whether to run install scripts; they are metadata, not verified facts.
import { INSTALL_SCRIPT_NAMES, type Finding, type InstallScriptName, type Severity, type VersionView } from '../model';
import { day, listText, quoteCommand } from './findings-text';

type Scripts = Partial<Record<InstallScriptName, string>>;

export function findInstallScriptChanges(history: VersionView[]): Finding[] {
  const findings: Finding[] = [];
  const lastOfLine = new Map<string, VersionView>();
  let previous: VersionView | undefined;
  // The latest version so far that had install scripts, anywhere in the package.
  let lastWithScripts: VersionView | undefined;
  for (const view of history) {
    const scripts = scriptsOf(view);
    const sameLine = lastOfLine.get(view.releaseLine);
    const base = sameLine ?? previous;
    if (base && Object.keys(scripts).length > 0) {
      const finding = compare(view, scripts, base, sameLine !== undefined, lastWithScripts);
      if (finding) findings.push(finding);
    }
    if (Object.keys(scripts).length > 0) lastWithScripts = view;
    lastOfLine.set(view.releaseLine, view);
    previous = view;
  }
  return findings;
}

/** The install scripts with a command; a blank command runs nothing. */
function scriptsOf(view: VersionView): Scripts {
  const out: Scripts = {};
  for (const name of INSTALL_SCRIPT_NAMES) {
    const command = view.record.installScripts[name];
    if (command !== undefined && command.trim() !== '') out[name] = command;
  }
  return out;
}

function compare(
  view: VersionView,
  scripts: Scripts,
  base: VersionView,
  sameLine: boolean,
  lastWithScripts: VersionView | undefined,
): Finding | undefined {
  const before = scriptsOf(base);
  const version = view.record.version;
  const baseText =
    `${base.record.version} (${day(base.record.publishedAt)}), ` +
    (sameLine ? `the previous version of its ${lineName(view)},` : 'the version published before it,');
  const names = INSTALL_SCRIPT_NAMES.filter((name) => scripts[name] !== undefined);
  const added = names.filter((name) => before[name] === undefined);
  const changed = names.filter((name) => before[name] !== undefined && before[name] !== scripts[name]);
  if (added.length === 0 && changed.length === 0) return undefined;
  const show = (list: InstallScriptName[], from: Scripts) =>
    listText(list.map((name) => `${name} ${quoteCommand(from[name] ?? '')}`));

  const versions = [version, base.record.version];
  if (Object.keys(before).length === 0) {
    // Scripts appear where the compared version had none.
    const intro = `${version} (${day(view.record.publishedAt)}) runs code at install time: it adds ${show(added, scripts)}, where ${baseText} had no install script.`;
    if (!lastWithScripts) {
      return {
        kind: 'install-scripts-added',
        severity: 'high',
        versions,
        message:
          `${intro} No earlier version of the package had one. Install scripts run on every \`npm install\` with the ` +
          'installing user’s rights, a classic way to deliver malware through a hijacked package; some packages ' +
          'legitimately build native code at install time (node-gyp), so check what the command runs.',
      };
    }
    const earlier = scriptsOf(lastWithScripts);
    const earlierNames = INSTALL_SCRIPT_NAMES.filter((name) => earlier[name] !== undefined);
    if (lastWithScripts.record.version !== base.record.version) versions.push(lastWithScripts.record.version);
    return {
      kind: 'install-scripts-added',
      severity: 'medium',
      versions,
      message:
        `${intro} The package had install scripts before (last in ${lastWithScripts.record.version}, ` +
        `${day(lastWithScripts.record.publishedAt)}: ${show(earlierNames, earlier)}), so they may be coming back on ` +
        'purpose; check that the command is what the project runs.',
    };
  }

  const parts: { severity: Severity; text: string }[] = [];
  if (added.length) {
    parts.push({
      severity: 'medium',
      text: `adds ${show(added, scripts)} to the install scripts ${base.record.version} already had`,
    });
  }
  for (const name of changed) {
    parts.push({
      severity: 'low',
      text: `changes its ${name} script from ${quoteCommand(before[name] ?? '')} to ${quoteCommand(scripts[name] ?? '')}`,
    });
  }
  const severity: Severity = parts.some((p) => p.severity === 'medium') ? 'medium' : 'low';
  return {
    kind: 'install-scripts-added',
    severity,
    versions,
    message:
      `${version} (${day(view.record.publishedAt)}) ${listText(parts.map((p) => p.text))}, compared with ${baseText.replace(/,$/, '')}. ` +
      'The package already ran code at install time, but what runs changed: check the new command, since it runs on ' +
      'every `npm install` with the installing user’s rights.',
  };
}

function lineName(view: VersionView): string {
  return /^\d+$/.test(view.releaseLine) ? `${view.releaseLine}.x line` : `line ${view.releaseLine}`;
}
