export {
  AsffFileError,
  DEFAULT_MAX_ASFF_FILE_BYTES,
  parseAsffFile,
  readAsffFile,
  readPreparedAsffFile,
  type ParseAsffFileOptions,
} from './parseAsffFile';
export {
  AsffFileFindingsSource,
  type AsffFileFindingsSourceOptions,
} from './AsffFileFindingsSource';
