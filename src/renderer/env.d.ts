/// <reference types="vite/client" />

// qrcode's core alone (the package's browser entry also bundles canvas and SVG-tag renderers
// wxcred does not use); typed as the package's own create().
declare module 'qrcode/lib/core/qrcode.js' {
  import type { create } from 'qrcode';
  const core: { create: typeof create };
  export default core;
}
