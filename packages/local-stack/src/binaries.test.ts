import { hasBinary, requireBinaries } from './binaries.ts';

describe('requireBinaries', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('passes when the binaries are installed', () => {
    expect(hasBinary('prometheus')).toBe(true);
    expect(() => requireBinaries(['prometheus', 'amtool'])).not.toThrow();
  });

  it('names the apt packages to install when binaries are missing', () => {
    process.env.PATH = '/nonexistent';
    expect(hasBinary('prometheus')).toBe(false);
    expect(() => requireBinaries(['prometheus', 'promtool', 'amtool'])).toThrow(
      'Missing prometheus, promtool, amtool. Install them with: sudo apt-get install -y prometheus prometheus-alertmanager',
    );
  });
});
