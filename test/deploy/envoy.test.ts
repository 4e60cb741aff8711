// deploy/envoy/envoy.yaml offline: every key is one this config is allowed to use (there is no
// Envoy binary here to run --mode validate), the route hashes the header the clients send, and the
// cluster points at exactly the StatefulSet's pods.
import { describe, expect, it } from 'vitest';
import { VM_ID_KEY } from '../../src/proto/wire.js';
import { farmOf } from './farmShape.js';
import { render } from './kustomize.js';
import { ENVOY_YAML, K8S_BASE, at, list, loadOne, type Json } from './manifests.js';

// The Envoy v3 fields this config may use, as a tree: a key maps to its sub-tree, `0` marks a
// scalar, `[x]` a list of x, and typed_config nodes are checked per @type below.
type Shape = 0 | Shape[] | { readonly [key: string]: Shape };

const SOCKET: Shape = { socket_address: { address: 0, port_value: 0 } };
const ENVOY: Shape = {
  admin: { address: SOCKET },
  static_resources: {
    listeners: [{ name: 0, address: SOCKET, filter_chains: [{ filters: [{ name: 0, typed_config: 0 }] }] }],
    clusters: [
      {
        name: 0,
        type: 0,
        connect_timeout: 0,
        dns_lookup_family: 0,
        dns_refresh_rate: 0,
        lb_policy: 0,
        ring_hash_lb_config: { minimum_ring_size: 0, maximum_ring_size: 0, hash_function: 0 },
        common_lb_config: { consistent_hashing_lb_config: { use_hostname_for_hashing: 0 } },
        typed_extension_protocol_options: { 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': 0 },
        load_assignment: {
          cluster_name: 0,
          endpoints: [{ lb_endpoints: [{ endpoint: { hostname: 0, address: SOCKET } }] }],
        },
      },
    ],
  },
};
const TYPED: Record<string, Shape> = {
  'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager': {
    stat_prefix: 0,
    codec_type: 0,
    route_config: {
      name: 0,
      virtual_hosts: [
        {
          name: 0,
          domains: [0],
          routes: [
            {
              match: { prefix: 0, grpc: {} },
              route: {
                cluster: 0,
                timeout: 0,
                max_stream_duration: { grpc_timeout_header_max: 0, max_stream_duration: 0 },
                hash_policy: [{ header: { header_name: 0 } }],
              },
            },
          ],
        },
      ],
    },
    http_filters: [{ name: 0, typed_config: 0 }],
  },
  'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router': {},
  'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
    explicit_http_config: { http2_protocol_options: { max_concurrent_streams: 0 } },
  },
};

function unknownKeys(value: Json, shape: Shape, path: string): string[] {
  if (shape === 0) return [];
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${path}: expected a list`];
    return value.flatMap((v, i) => unknownKeys(v, shape[0] as Shape, `${path}[${i}]`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected a map`];
  return Object.entries(value).flatMap(([k, v]) =>
    k in shape ? unknownKeys(v, shape[k] as Shape, `${path}.${k}`) : [`${path}.${k}: not allowed`],
  );
}

/** Every typed_config (and typed extension option) in the tree, with its path. */
function typedConfigs(value: Json, path = ''): { path: string; config: { [key: string]: Json } }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => typedConfigs(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const here = typeof value['@type'] === 'string' ? [{ path, config: value }] : [];
  return [...here, ...Object.entries(value).flatMap(([k, v]) => typedConfigs(v, `${path}.${k}`))];
}

const envoy = loadOne(ENVOY_YAML);
const cluster = list(at(envoy, 'static_resources', 'clusters'))[0];
const hcm = at(envoy, 'static_resources', 'listeners', 0, 'filter_chains', 0, 'filters', 0, 'typed_config');
const route = at(hcm, 'route_config', 'virtual_hosts', 0, 'routes', 0, 'route');

describe('deploy/envoy/envoy.yaml', () => {
  it('uses only known fields, and known typed configs', () => {
    expect(unknownKeys(envoy, ENVOY, '')).toEqual([]);
    const typed = typedConfigs(envoy);
    expect(typed.length).toBe(3);
    for (const { path, config } of typed) {
      const { '@type': type, ...rest } = config;
      const shape = TYPED[String(type)];
      expect(shape, `${path}: @type ${String(type)}`).toBeDefined();
      expect(unknownKeys(rest, shape as Shape, path)).toEqual([]);
    }
  });

  it('speaks HTTP/2 on both sides', () => {
    expect(at(hcm, 'codec_type')).toBe('HTTP2');
    const upstream = at(cluster, 'typed_extension_protocol_options', 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions');
    expect(at(upstream, 'explicit_http_config', 'http2_protocol_options')).toBeDefined();
  });

  it('routes every call by a ring hash of the header the flic clients send', () => {
    expect(list(at(hcm, 'route_config', 'virtual_hosts')).length).toBe(1);
    expect(list(at(hcm, 'route_config', 'virtual_hosts', 0, 'routes')).length).toBe(1);
    expect(at(route, 'hash_policy')).toEqual([{ header: { header_name: VM_ID_KEY } }]);
    expect(at(route, 'cluster')).toBe(at(cluster, 'name'));
    expect(at(cluster, 'lb_policy')).toBe('RING_HASH');
    expect(list(at(hcm, 'http_filters')).map((f) => at(f, 'name')).at(-1)).toBe('envoy.filters.http.router');
  });

  it('has one endpoint per StatefulSet pod, hashed by the pod name', () => {
    const farm = farmOf(render(K8S_BASE).objects);
    const sts = farm.sts.metadata.name;
    const service = farm.service.metadata.name;
    const namespace = farm.namespace.metadata.name;
    const replicas = at(farm.sts, 'spec', 'replicas') as number;
    const endpoints = list(at(cluster, 'load_assignment', 'endpoints', 0, 'lb_endpoints')).map((e) => at(e, 'endpoint'));
    expect(at(cluster, 'type')).toBe('STRICT_DNS');
    expect(at(cluster, 'common_lb_config', 'consistent_hashing_lb_config', 'use_hostname_for_hashing')).toBe(true);
    expect(endpoints).toEqual(
      Array.from({ length: replicas }, (_, i) => ({
        hostname: `${sts}-${i}`,
        address: {
          socket_address: {
            address: `${sts}-${i}.${service}.${namespace}.svc.cluster.local`,
            port_value: farm.containerPort('grpc'),
          },
        },
      })),
    );
  });

  it('does not eject replicas by health check (their VMs would be routed to a replica without them)', () => {
    expect(at(cluster, 'health_checks')).toBeUndefined();
    expect(at(cluster, 'outlier_detection')).toBeUndefined();
  });
});
