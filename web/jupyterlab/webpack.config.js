// Merged by @jupyterlab/builder into the labextension's webpack build. The wasm module ships
// inside the labextension as a static asset; the panel hands its URL to the emscripten factory
// through locateFile (webpack rewrites the factory's own import.meta.url to a build path).
// '@credprobe/wasm-build' is the folder scripts/prepare.mjs fills from the emscripten build.
const path = require('path');

module.exports = {
  module: {
    rules: [
      {
        test: /\.wasm$/,
        type: 'asset/resource',
        generator: { filename: 'credprobe.[contenthash:8][ext]' }
      }
    ]
  },
  resolve: {
    alias: {
      '@credprobe/wasm-build': path.resolve(__dirname, 'lib/wasm')
    }
  }
};
