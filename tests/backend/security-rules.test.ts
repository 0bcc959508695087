/**
 * S3: no client reads or writes the database directly. The deploy plan gives every declared
 * collection the deny-all rule, and the mini-program's source holds no database client.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadDeclarations } from '../../local/cloud';
import { deploymentPlan } from '../../scripts/deploy';

const ROOT = path.resolve(__dirname, '../..');

it('S3: the deploy plan applies the deny-all rule to every declared collection', () => {
  const rules = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'cloudfunctions/_shared/db/security-rules.json'), 'utf8'),
  );
  expect(rules.default).toEqual({ read: false, write: false });
  const steps = deploymentPlan(true).map((s) => s.describe.trim());
  const collections = Object.keys(loadDeclarations());
  expect(collections.length).toBeGreaterThan(20);
  for (const name of collections)
    expect(steps).toContain(`rules ${name} {"read":false,"write":false}`);
});

it('S3: the mini-program never opens a database client (everything goes through functions)', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'miniprogram_npm') walk(full);
      } else if (/\.(ts|js|wxs)$/.test(entry.name) && !entry.name.endsWith('echarts.js')) {
        if (/\.database\(|cloud\.database/.test(fs.readFileSync(full, 'utf8')))
          offenders.push(path.relative(ROOT, full));
      }
    }
  };
  walk(path.join(ROOT, 'miniprogram'));
  expect(offenders).toEqual([]);
});
