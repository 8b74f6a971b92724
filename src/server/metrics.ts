/**
 * Prometheus metrics at /metrics: Yoga's plugin counts operations, times
 * requests and counts errors by phase; the metrics here add what only this
 * server knows (errors by code, refusals before Yoga, graph size, reloads).
 * Labels never carry client-chosen text, so hostile traffic cannot grow them.
 * The execution worker's Yoga keeps its own registry; a scrape adds its
 * figures to these (prom-client's aggregation, as for a cluster's workers).
 */
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { GraphStore } from './graph-store.ts';
import type { Exchange, Outcome } from './logging.ts';

export type ReloadResult = 'success' | 'failure';

/** Metrics as prom-client gives them from `getMetricsAsJSON`, as another thread sends them. */
export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

const METRICS_PATH = '/metrics';

/** Yoga's plugin: operations by type, request latency by method and status, errors by phase; scraped through `Metrics`. */
export function yogaMetricsPlugin(registry: Registry): Plugin {
  return usePrometheus({
    registry,
    endpoint: false,
    labels: { operationName: false, path: false, url: false },
    // Every metric is named, since the plugin turns on any left out. Those off cost more per
    // request than they tell: deprecated-field counting walks every document, a summary
    // computes quantiles on every observation.
    metrics: {
      graphql_envelop_request: true,
      graphql_envelop_error_result: true,
      graphql_envelop_phase_parse: true,
      graphql_envelop_phase_validate: true,
      graphql_envelop_phase_execute: true,
      graphql_yoga_http_duration: true,
      graphql_envelop_request_duration: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
    },
  });
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by status code and outcome.',
    labelNames: ['status', 'outcome'],
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request reaching the server to its answer, by outcome; every answer, including those given without Yoga (cached, short path, refused early).',
    labelNames: ['outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL answers, by extensions.code.',
    labelNames: ['code'],
    registers: [this.registry],
  });
  private readonly reloads = new Counter({
    name: 'graph_reloads_total',
    help: 'Data reloads, by result.',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private readonly lastReload = new Gauge({
    name: 'graph_last_reload_timestamp_seconds',
    help: 'When the last reload finished (Unix time), by result; the load at start-up counts as a success.',
    labelNames: ['result'],
    registers: [this.registry],
  });

  constructor(store: GraphStore) {
    // Node's own: CPU, memory, GC, and event-loop delay (how long work kept requests waiting).
    collectDefaultMetrics({ register: this.registry });
    this.gauge('graph_entities', 'Entities in the graph being served.', () => store.current.entityCount);
    this.gauge('graph_relations', 'Relations in the graph being served.', () => store.current.relationCount);
    this.gauge('graph_version', 'Version of the graph being served; increases on every successful reload.', () => store.version);
    this.lastReload.set({ result: 'success' }, Date.now() / 1000);
  }

  /** A gauge read at each scrape. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** Other registries (the execution worker's) whose figures each scrape adds. */
  private readonly sources = new Set<() => Promise<MetricsJson | undefined>>();

  /** Adds a source's figures to every scrape; a source that answers undefined is left out. */
  addSource(source: () => Promise<MetricsJson | undefined>): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }

  /** The exposition text of these metrics and of every source's. */
  async scrape(): Promise<string> {
    if (!this.sources.size) return this.registry.metrics();
    const parts = await Promise.all([this.registry.getMetricsAsJSON(), ...[...this.sources].map((source) => source())]);
    return AggregatorRegistry.aggregate(parts.filter((part) => part !== undefined)).metrics();
  }

  /** Yoga's metrics plugin on this registry, and the /metrics route. */
  plugin(): Plugin {
    return {
      onPluginInit: ({ addPlugin }) => addPlugin(yogaMetricsPlugin(this.registry)),
      onRequest: ({ url, fetchAPI, endResponse }) => {
        if (url.pathname !== METRICS_PATH) return undefined;
        return this.scrape().then((text) => endResponse(new fetchAPI.Response(text, { headers: { 'content-type': this.registry.contentType } })));
      },
    };
  }

  observe(status: number, outcome: Outcome, seconds: number, exchange: Exchange): void {
    this.requests.inc({ status, outcome });
    this.durations.observe({ outcome }, seconds);
    for (const code of exchange.errorCodes) this.errors.inc({ code });
  }

  reloaded(result: ReloadResult): void {
    this.reloads.inc({ result });
    this.lastReload.set({ result }, Date.now() / 1000);
  }
}
