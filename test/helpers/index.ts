// Everything tests share: temporary git repositories, goals.yaml fixtures, running the built command line.
export * from './cli';
export * from './goals';
export * from './tempRepo';
export * from './action';
