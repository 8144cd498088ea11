import { loadConfig } from '../config/load.js';
import { diagnose } from '../doctor.js';
import { openStore } from '../store/db.js';
import { stringOption, type ParsedArgs } from './spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const cfg = loadConfig({ path: stringOption(args, 'config') });
  const store = openStore(cfg.database.url);
  try {
    const findings = await diagnose(cfg, store);
    const mark = { ok: 'ok     ', warn: 'warning', problem: 'PROBLEM' } as const;
    for (const f of findings) {
      console.log(`${mark[f.level]}  ${f.topic}: ${f.message}`);
      if (f.fix && f.level !== 'ok') console.log(`         fix: ${f.fix}`);
    }
    const problems = findings.filter((f) => f.level === 'problem').length;
    console.log(problems === 0 ? '\nno problems found' : `\n${problems} problem${problems === 1 ? '' : 's'} found`);
    return problems === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}
