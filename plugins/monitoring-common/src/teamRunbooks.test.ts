import { RUNBOOKS } from './runbooks';
import { splitTeamRunbooks } from './teamRunbooks';

const ALERTS = RUNBOOKS.map(r => r.alert);

describe('splitTeamRunbooks', () => {
  it('gives each built-in alert its section and keeps the rest as notes', () => {
    const doc = [
      '# festivals-api runbooks',
      '',
      'Owned by the tickets team; page #tickets-oncall.',
      '',
      '## FestivalsHighMemory',
      '',
      'Heap dumps go to the `heap-dumps` bucket.',
      '',
      '### Steps',
      '1. Take a heap dump.',
      '',
      '## Contacts',
      'Alice, Bob',
      '',
      '## FestivalsAPIDown: first check the load balancer',
      'Check the LB.',
    ].join('\n');
    const out = splitTeamRunbooks(doc, ALERTS);
    expect(out.sections).toEqual({
      FestivalsHighMemory:
        'Heap dumps go to the `heap-dumps` bucket.\n\n### Steps\n1. Take a heap dump.',
      FestivalsAPIDown: 'Check the LB.',
    });
    expect(out.notes).toBe(
      '# festivals-api runbooks\n\nOwned by the tickets team; page #tickets-oncall.\n\n## Contacts\nAlice, Bob',
    );
  });

  it('ignores headings inside fenced code, unknown alert names and empty sections', () => {
    const doc = [
      '## FestivalsHighCPU',
      '```',
      '## FestivalsHighMemory',
      '```',
      '## FestivalsSomethingElse',
      'not a built-in alert',
      '## FestivalsQueueStuck',
      '',
    ].join('\r\n');
    const out = splitTeamRunbooks(doc, ALERTS);
    expect(out.sections).toEqual({
      FestivalsHighCPU: '```\n## FestivalsHighMemory\n```',
    });
    expect(out.notes).toBe('## FestivalsSomethingElse\nnot a built-in alert');
  });

  it('appends a repeated section and gives no notes for a document of sections only', () => {
    const out = splitTeamRunbooks(
      '## FestivalsHighCPU\nfirst\n## FestivalsHighCPU\nsecond',
      ALERTS,
    );
    expect(out).toEqual({ sections: { FestivalsHighCPU: 'first\nsecond' } });
  });
});
