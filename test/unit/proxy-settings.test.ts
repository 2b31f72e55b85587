// Which proxy the server uses: VS Code's http.proxy first, else the environment's variables.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bypassesProxy, chooseProxy, proxyLabel } from "../../server/download/proxy-settings.ts";
import { unreachableMessage } from "../../server/download/site-check.ts";

const noSettings = { proxy: "", noProxy: [], strictSSL: true };

test("http.proxy wins over the environment and brings its own no-proxy list", () => {
    const choice = chooseProxy({ proxy: "http://corp:3128", noProxy: ["localhost", ".internal"], strictSSL: false }, { HTTPS_PROXY: "http://env:8080", NO_PROXY: "example.com" });
    assert.deepEqual(choice, { httpProxy: "http://corp:3128", httpsProxy: "http://corp:3128", noProxy: "localhost,.internal", strictSSL: false, from: "http.proxy" });
});

test("without http.proxy the environment's variables apply, upper or lower case", () => {
    assert.deepEqual(chooseProxy(noSettings, { https_proxy: "http://env:8080", no_proxy: "127.0.0.1" }),
        { httpProxy: "http://env:8080", httpsProxy: "http://env:8080", noProxy: "127.0.0.1", strictSSL: true, from: "environment" });
    assert.equal(chooseProxy(undefined, { HTTP_PROXY: "http://plain:80" })?.httpsProxy, "http://plain:80", "HTTP_PROXY serves https too when HTTPS_PROXY is unset");
    assert.equal(chooseProxy(noSettings, {}), null);
});

test("NO_PROXY entries match exact hosts and domain suffixes, not look-alikes", () => {
    assert.equal(bypassesProxy("huggingface.co", "localhost,.huggingface.co"), true);
    assert.equal(bypassesProxy("cdn.huggingface.co", "huggingface.co"), true);
    assert.equal(bypassesProxy("nothuggingface.co", "huggingface.co"), false);
    assert.equal(bypassesProxy("anything", "*"), true);
});

test("messages name the proxy without its credentials, or point at http.proxy when there is none", () => {
    assert.equal(proxyLabel("http://user:secret@corp:3128"), "corp:3128");
    const site = new URL("https://huggingface.co");
    const direct = unreachableMessage(site, "no answer within 10 s", null);
    assert.match(direct, /^huggingface\.co cannot be reached from this machine \(no answer within 10 s\)\. If this network needs a proxy, set it in VS Code's http\.proxy/);
    const proxied = unreachableMessage(site, "connection refused", chooseProxy({ proxy: "http://u:p@corp:3128", noProxy: [], strictSSL: true }, {}));
    assert.match(proxied, /through the proxy corp:3128 \(from http\.proxy\)/);
    assert.doesNotMatch(proxied, /u:p/);
});
