// cluster-key-slot ships no types; this is the one function the registry uses.
declare module 'cluster-key-slot' {
  /** The Redis Cluster hash slot (0–16383) of a key, honouring its `{hash tag}`. */
  export default function calculateSlot(key: string | Uint8Array): number
}
