import type { ScanStats } from './evaluate.ts';

/**
 * The `stats` object of a query answer, in the shape of the HTTP API reference's "Statistics"
 * section (ingester, store, summary). The stand-in holds every line in memory, so what it read
 * counts as ingester head-chunk data; chunk and store counters are zero. `totalEntriesReturned`
 * is the summary field Loki adds beyond the reference's example.
 */
export function queryStats(
  scan: ScanStats,
  entriesReturned: number,
  execSeconds: number,
) {
  const perSecond = (n: number) =>
    execSeconds > 0 ? Math.round(n / execSeconds) : 0;
  return {
    ingester: {
      compressedBytes: 0,
      decompressedBytes: 0,
      decompressedLines: 0,
      headChunkBytes: scan.bytes,
      headChunkLines: scan.lines,
      totalBatches: scan.streams ? 1 : 0,
      totalChunksMatched: scan.streams,
      totalDuplicates: 0,
      totalLinesSent: entriesReturned,
      totalReached: 1,
    },
    store: {
      compressedBytes: 0,
      decompressedBytes: 0,
      decompressedLines: 0,
      chunksDownloadTime: 0,
      totalChunksRef: 0,
      totalChunksDownloaded: 0,
      totalDuplicates: 0,
    },
    summary: {
      bytesProcessedPerSecond: perSecond(scan.bytes),
      execTime: execSeconds,
      linesProcessedPerSecond: perSecond(scan.lines),
      queueTime: 0,
      totalBytesProcessed: scan.bytes,
      totalLinesProcessed: scan.lines,
      totalEntriesReturned: entriesReturned,
    },
  };
}
