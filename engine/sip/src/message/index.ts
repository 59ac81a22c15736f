/** SIP message layer (PURE): parse, serialise, URIs, name-addr, Via. */
export * from './headers.js';
export * from './message.js';
export * from './parse.js';
export * from './serialize.js';
export * from './uri.js';
export * from './name-addr.js';
export * from './via.js';
