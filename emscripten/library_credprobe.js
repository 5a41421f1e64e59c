// The JS half of the browser driver, linked with --js-library: WebCrypto signing, the no-cors
// reachability probe, aborting a fetch's XMLHttpRequest, and handing verdicts to the wrapper
// (web/src/credprobe/), which installs Module.credprobeOnDone before starting any check.
// Nothing here logs: key material and request data never reach the console. Each answer carries
// back the check id and the token it was asked with (the driver's name for the signature or the
// request: a check may have several out at once).
mergeInto(LibraryManager.library, {
  credprobe_js_done: function (id, json) {
    var handler = Module['credprobeOnDone'];
    if (handler) handler(id, UTF8ToString(json));
  },

  credprobe_js_sign: function (id, token, der, derSize, data, dataSize) {
    // Copy both buffers now: the C++ side wipes the key as soon as this returns.
    var keyBytes = HEAPU8.slice(der, der + derSize);
    var dataBytes = HEAPU8.slice(data, data + dataSize);
    var answer = function (signature, code) {
      var ptr = 0;
      var size = 0;
      if (signature) {
        var bytes = new Uint8Array(signature);
        size = bytes.length;
        ptr = _malloc(size);
        HEAPU8.set(bytes, ptr);
      }
      _credprobe_on_signature(id, token, ptr, size, code);
      if (ptr) _free(ptr);
    };
    var subtle = typeof crypto !== 'undefined' && crypto.subtle;
    if (!subtle) {
      // Only secure contexts (https, localhost) get crypto.subtle. Answer asynchronously like
      // every other path so the driver never re-enters itself.
      Promise.resolve().then(function () { answer(null, 1); });
      return;
    }
    var algorithm = {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'};
    subtle.importKey('pkcs8', keyBytes, algorithm, false, ['sign']).then(
      function (key) {
        keyBytes.fill(0);
        return subtle.sign('RSASSA-PKCS1-v1_5', key, dataBytes).then(
          function (signature) { answer(signature, 0); },
          function () { answer(null, 3); });
      },
      function () {
        keyBytes.fill(0);
        answer(null, 2);
      });
  },

  credprobe_js_reachability: function (id, token, origin, timeoutMs) {
    var url = UTF8ToString(origin) + '/';
    var controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, timeoutMs);
    var settle = function (answered) {
      clearTimeout(timer);
      _credprobe_on_reachability(id, token, answered ? 1 : 0);
    };
    // An opaque answer resolves: the host is up and only the browser refused to show it.
    // (no-cors requires redirect 'follow'; the page's CSP still bounds where a redirect goes.)
    fetch(url, {
      mode: 'no-cors',
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: controller ? controller.signal : undefined
    }).then(function () { settle(true); }, function () { settle(false); });
  },

  credprobe_js_abort_fetch__deps: ['$Fetch'],
  credprobe_js_abort_fetch: function (fetchId) {
    var xhr = Fetch.xhrs[fetchId - 1];
    if (xhr) xhr.abort();
  },
});
