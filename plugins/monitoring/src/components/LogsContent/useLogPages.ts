import {
  DEFAULT_LOG_LINES,
  LogLine,
  LogsRequest,
  LogsResponse,
  MAX_LOG_LINES,
} from '@internal/plugin-monitoring-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { MonitoringApi } from '../../api';
import { appendOlder } from './logPages';

interface PagesState {
  response?: LogsResponse;
  lines: LogLine[];
  nextCursor?: string;
  capped: boolean;
  loading: boolean;
  error?: Error;
  loadingOlder: boolean;
  olderError?: Error;
}

const EMPTY: PagesState = {
  lines: [],
  capped: false,
  loading: false,
  loadingOlder: false,
};

/**
 * The first page of lines for a request, and "load older" pages appended under it. A new request
 * (other filters, range or a refresh) starts over; answers to a replaced request are dropped.
 */
export function useLogPages(
  api: MonitoringApi,
  request: LogsRequest | undefined,
  reload: number,
) {
  const [state, setState] = useState<PagesState>(EMPTY);
  const generation = useRef(0);
  const requestKey = JSON.stringify(request ?? null);

  useEffect(() => {
    const mine = ++generation.current;
    if (!request) {
      setState(EMPTY);
      return;
    }
    setState(s => ({ ...EMPTY, response: s.response, loading: true }));
    api.getLogs({ ...request, limit: DEFAULT_LOG_LINES }).then(
      response => {
        if (generation.current !== mine) return;
        const first = appendOlder([], response.lines, MAX_LOG_LINES);
        setState({
          ...EMPTY,
          response,
          lines: first.lines,
          capped: first.capped,
          nextCursor: first.capped ? undefined : response.nextCursor,
        });
      },
      error => {
        if (generation.current !== mine) return;
        setState({ ...EMPTY, error });
      },
    );
    // The request is compared by value (requestKey), not by identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, requestKey, reload]);

  const loadOlder = useCallback(() => {
    const cursor = state.nextCursor;
    if (!request || !cursor || state.loadingOlder) return;
    const mine = generation.current;
    const room = MAX_LOG_LINES - state.lines.length;
    setState(s => ({ ...s, loadingOlder: true, olderError: undefined }));
    api
      .getLogs({ ...request, cursor, limit: Math.min(DEFAULT_LOG_LINES, room) })
      .then(
        response => {
          if (generation.current !== mine) return;
          setState(s => {
            const merged = appendOlder(s.lines, response.lines, MAX_LOG_LINES);
            return {
              ...s,
              lines: merged.lines,
              capped: merged.capped,
              nextCursor: merged.capped ? undefined : response.nextCursor,
              loadingOlder: false,
            };
          });
        },
        error => {
          if (generation.current !== mine) return;
          setState(s => ({ ...s, loadingOlder: false, olderError: error }));
        },
      );
  }, [api, request, state.nextCursor, state.lines.length, state.loadingOlder]);

  return { ...state, loadOlder };
}
