/** AlgorithmRegistry: candidate algorithms by name; unknown names and duplicate registrations fail loudly. */
import type { ModelId } from '../models/index.ts';
import type { AlgorithmOptions, FaceAlgorithm } from './face-algorithm.ts';

/** A registered candidate algorithm: its name, a one-line description, the model files it runs, and a factory. */
export interface AlgorithmSpec {
  readonly name: string;
  readonly description: string;
  /** The catalogued model files this algorithm loads (its provenance lists these, and only these). */
  readonly models: readonly ModelId[];
  /** Loads the models and returns a ready pipeline. */
  create(options?: AlgorithmOptions): Promise<FaceAlgorithm>;
}

/** A set of algorithm specs by name. */
export class AlgorithmRegistry {
  private readonly specs = new Map<string, AlgorithmSpec>();

  /** Adds `spec`. @throws when its name is already registered. */
  register(spec: AlgorithmSpec): this {
    if (this.specs.has(spec.name)) throw new Error(`Algorithm '${spec.name}' is already registered.`);
    this.specs.set(spec.name, spec);
    return this;
  }

  /** The spec named `name`. @throws `Unknown algorithm 'x'. Available: a, b` when there is none. */
  get(name: string): AlgorithmSpec {
    const spec = this.specs.get(name);
    if (spec === undefined) throw new Error(`Unknown algorithm '${name}'. Available: ${this.names().join(', ')}`);
    return spec;
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.specs.keys()].sort();
  }
}
