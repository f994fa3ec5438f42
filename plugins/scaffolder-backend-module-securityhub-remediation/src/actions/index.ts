export { createGetFindingAction } from './finding/getFinding';
