import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { LogLines } from './LogLines';

describe('LogLines', () => {
  it('marks the lines read from the instance before the restart (kubectl logs --previous)', async () => {
    await renderInTestApp(
      <LogLines
        logs={{
          truncated: false,
          lines: [
            {
              time: '2026-11-27T10:00:02.000Z',
              pod: 'festivals-api-x',
              line: 'heap at 80% of limit',
            },
            {
              time: '2026-11-27T10:00:01.000Z',
              pod: 'festivals-api-x',
              previous: true,
              line: 'java.lang.OutOfMemoryError: Java heap space',
            },
          ],
        }}
      />,
    );
    expect(screen.getByLabelText('Log lines').textContent).toBe(
      [
        '2026-11-27T10:00:02.000Z [festivals-api-x] heap at 80% of limit',
        '2026-11-27T10:00:01.000Z [festivals-api-x, previous instance] java.lang.OutOfMemoryError: Java heap space',
      ].join('\n'),
    );
  });
});
