/**
 * `GET /export/graph.json|graphml|gexf`: the served graph as a file graph tools
 * open. Rendered from the graph the API is answering from at that moment, so a
 * download always agrees with the API.
 */
import type { Plugin } from 'graphql-yoga';
import { EXPORT_FORMATS, MEDIA_TYPES, exportGraph, isExportFormat } from '../core/export.ts';
import type { GraphStore } from './graph-store.ts';

const EXPORT_PATH = /^\/export\/graph\.([a-z]+)$/;

/** Whether a request's URL (path and query) asks for an export. */
export const isExportUrl = (url: string): boolean => EXPORT_PATH.test(url.split('?', 1)[0]!);

export function exportRoutes(store: GraphStore): Plugin {
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      const format = EXPORT_PATH.exec(url.pathname)?.[1];
      if (format === undefined) return;
      if (!isExportFormat(format)) {
        endResponse(
          new fetchAPI.Response(`No export in format "${format}"; try ${EXPORT_FORMATS.map((f) => `/export/graph.${f}`).join(', ')}.\n`, {
            status: 404,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const body = exportGraph(store.current, format);
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : body, {
          headers: {
            'content-type': MEDIA_TYPES[format],
            'content-disposition': `inline; filename="graph.${format}"`,
          },
        }),
      );
    },
  };
}
