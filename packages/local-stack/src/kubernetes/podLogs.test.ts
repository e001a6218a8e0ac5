import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simulatedPods } from '../clusterMetrics.ts';
import type { PodState } from './clusterState.ts';
import { parsePodLogOptions, podLogText } from './podLogs.ts';
import { ApiError } from './status.ts';

// `GET /api/v1/namespaces/{ns}/pods/{name}/log` (PodLogOptions in the API reference):
// `previous` returns the logs of the previous terminated container instance, and fails when
// there is none; a container waiting to start has no current log.

const T0 = Date.parse('2026-11-27T10:00:00Z');
const at = (s: number) => T0 + s * 1000;
const [pod] = simulatedPods('festivals-production', {
  service: 'festivals-api',
});

function state(overrides: Partial<PodState> = {}): PodState {
  return {
    pod,
    workload: { service: 'festivals-api' },
    ordinal: 0,
    restarts: 2,
    cpuCores: 0.1,
    memoryBytes: 500 * 2 ** 20,
    createdAt: at(0),
    // Killed at 60 s (it had started at 30 s, after a first restart), running again since.
    containerStartedAt: at(60),
    lastTermination: {
      reason: 'OOMKilled',
      exitCode: 137,
      startedAt: at(30),
      finishedAt: at(60),
    },
    ...overrides,
  };
}

let dir: string;
let logFile: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-logs-'));
  logFile = path.join(dir, 'api.log');
  const line = (s: number, msg: string) =>
    JSON.stringify({ time: new Date(at(s)).toISOString(), msg });
  fs.writeFileSync(
    logFile,
    [
      line(10, 'first instance'),
      line(40, 'heap at 95%'),
      line(59, 'java.lang.OutOfMemoryError: Java heap space'),
      line(70, 'running again'),
    ]
      .map(l => `${l}\n`)
      .join(''),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const options = (query: string) =>
  parsePodLogOptions(pod.pod, new URLSearchParams(query));
const msgs = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map(l => JSON.parse(l).msg);

describe('pod logs, previous', () => {
  it('returns only the killed instance with previous=true, only the running one without', () => {
    expect(
      msgs(podLogText(state(), options('previous=true'), logFile, at(80))),
    ).toEqual(['heap at 95%', 'java.lang.OutOfMemoryError: Java heap space']);
    expect(msgs(podLogText(state(), options(''), logFile, at(80)))).toEqual([
      'running again',
    ]);
    // The other options apply to the previous instance's log as to the current one.
    expect(
      msgs(
        podLogText(state(), options('previous=1&tailLines=1'), logFile, at(80)),
      ),
    ).toEqual(['java.lang.OutOfMemoryError: Java heap space']);
  });

  it('serves the previous instance of a crash-looping container whose current one is waiting', () => {
    const looping = state({ waitingReason: 'CrashLoopBackOff' });
    expect(() => podLogText(looping, options(''), logFile, at(80))).toThrow(
      `container "festivals-api" in pod "${pod.pod}" is waiting to start: CrashLoopBackOff`,
    );
    expect(
      msgs(podLogText(looping, options('previous=true'), logFile, at(80))),
    ).toHaveLength(2);
  });

  it('fails with 400 when there is no previous instance', () => {
    let error: unknown;
    try {
      podLogText(
        state({ lastTermination: undefined, restarts: 0 }),
        options('previous=true'),
        logFile,
        at(80),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(
      `previous terminated container "festivals-api" in pod "${pod.pod}" not found`,
    );
  });

  it('reads previous as Go parses booleans, and refuses anything else', () => {
    for (const v of ['true', 'True', 'TRUE', 't', '1'])
      expect(options(`previous=${v}`).previous).toBe(true);
    for (const v of ['false', 'False', 'f', '0'])
      expect(options(`previous=${v}`).previous).toBe(false);
    expect(options('').previous).toBe(false);
    expect(() => options('previous=yes')).toThrow(
      'unable to parse previous: strconv.ParseBool: parsing "yes": invalid syntax',
    );
  });
});
