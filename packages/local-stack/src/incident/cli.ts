// `./scripts/incident`: the client of the incident control of a running ./scripts/run.
const port = process.env.INCIDENT_CONTROL_PORT ?? '9098';
const base = `http://127.0.0.1:${port}/incident`;

const USAGE = `usage: ./scripts/incident list | status | <name> | recover
  list     the incidents, the alert each fires and its 'for'
  status   the incidents active now
  <name>   act one out (e.g. oom, 5xx, api-down); several can run at once
  recover  every knob back to its default`;

async function call(method: string, url: string): Promise<any> {
  let res: Response;
  try {
    res = await fetch(url, { method, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new Error(
      `No incident control at ${url} (${
        (e as Error).message
      }). Start the stack with ./scripts/run (or ./scripts/run --fast-alerts) first; INCIDENT_CONTROL_PORT selects another port.`,
    );
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new Error(
      `${method} ${url}: ${res.status} ${body.error ?? res.statusText}`,
    );
  return body;
}

function printChanges(
  changed: Record<string, Record<string, Record<string, unknown>>>,
) {
  const where: Record<string, string> = {
    workloads: 'workload',
    cluster: 'cluster stand-in',
    kubernetes: 'Kubernetes API stand-in',
  };
  for (const [part, services] of Object.entries(changed))
    for (const [service, knobs] of Object.entries(services))
      console.log(
        `  ${where[part] ?? part} ${service}: ${Object.entries(knobs)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(', ')}`,
      );
}

async function main(arg: string | undefined) {
  if (!arg || arg === '-h' || arg === '--help') {
    console.log(USAGE);
    process.exit(arg ? 0 : 2);
  }
  if (arg === 'list' || arg === 'status') {
    const state = await call('GET', base);
    if (arg === 'list') {
      console.log(
        `Incidents (alert rules: ${
          state.fast ? 'shortened, --fast-alerts' : "the guide's"
        }):`,
      );
      for (const i of state.incidents)
        console.log(
          `  ${i.name.padEnd(17)}→ ${i.alert} (for ${i.for})${
            i.alsoFires.length ? `, then ${i.alsoFires.join(', ')}` : ''
          }`,
        );
      console.log('  recover          → every knob back to its default');
    } else if (state.active.length === 0) {
      console.log('No incident active.');
    } else {
      for (const a of state.active)
        console.log(`  ${a.name} since ${a.since} → ${a.alert}`);
    }
    return;
  }
  const out = await call('POST', `${base}/${encodeURIComponent(arg)}`);
  if (arg === 'recover') {
    console.log(
      `Recovered${
        out.cleared.length ? ` from ${out.cleared.join(', ')}` : ''
      }: ${out.changed}.`,
    );
    console.log(`Expect: ${out.expect}.`);
    return;
  }
  console.log(`Incident ${out.incident} on ${out.service}. Changed:`);
  printChanges(out.changed);
  console.log(`You see: ${out.youSee}.`);
  const also = out.alsoFires.length
    ? ` ${out.alsoFires.join(', ')} follow${
        out.alsoFires.length > 1 ? '' : 's'
      }.`
    : '';
  const window = out.window
    ? `once its expression crosses the threshold over its ${out.window} window`
    : 'at the next evaluations';
  console.log(
    `Expect ${out.alert} pending ${window}, firing ${out.for} after that.${also}`,
  );
  if (!out.fast)
    console.log(
      'For a demo in minutes, run the stack with ./scripts/run --fast-alerts.',
    );
}

main(process.argv[2]).catch(e => {
  console.error((e as Error).message);
  process.exit(1);
});
