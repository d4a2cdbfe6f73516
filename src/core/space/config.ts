import type { Scalar } from './model';

/** One trial's sampled values: parameter name -> value. Inactive conditional parameters are absent. */
export type Config = Readonly<Record<string, Scalar>>;
