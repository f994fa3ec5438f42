export * from './findingRows';
export * from './copyBatch';
export * from './binaryTuples';
