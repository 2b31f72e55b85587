// The allow-list decides which hosts the agent fetches from without asking the user: a match
// that is too loose is a silent hole, one that is too strict only costs a dialog.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isHostAllowed, normalizeAllowedDomain } from "../../server/agent/tools/browser/allow-list.ts";

const hostOf = (url: string) => new URL(url).hostname;

test("a domain allows itself and its subdomains, at any depth", () => {
    assert.equal(isHostAllowed("example.com", ["example.com"]), true);
    assert.equal(isHostAllowed("docs.example.com", ["example.com"]), true);
    assert.equal(isHostAllowed("a.b.docs.example.com", ["example.com"]), true);
});

test("a domain does not allow look-alikes that merely end with its name, nor its parent", () => {
    assert.equal(isHostAllowed("badexample.com", ["example.com"]), false);
    assert.equal(isHostAllowed("example.com.evil.net", ["example.com"]), false);
    assert.equal(isHostAllowed("example.com", ["docs.example.com"]), false);
    assert.equal(isHostAllowed("example.org", ["example.com"]), false);
});

test("an empty list allows nothing", () => {
    assert.equal(isHostAllowed("example.com", []), false);
});

test("case and the trailing dot of a fully qualified name do not matter", () => {
    assert.equal(isHostAllowed(hostOf("https://Docs.Example.COM./x"), ["EXAMPLE.com"]), true);
    assert.equal(isHostAllowed("docs.example.com", ["example.com."]), true);
});

test("entries written as wildcards, URLs or with ports name the same domain", () => {
    for (const entry of ["*.example.com", ".example.com", "https://example.com/docs/", "example.com:8443", "  example.com  "]) {
        assert.equal(normalizeAllowedDomain(entry), "example.com", entry);
        assert.equal(isHostAllowed("api.example.com", [entry]), true, entry);
    }
});

test("entries that name no host are ignored, not treated as allow-everything", () => {
    for (const entry of ["", "   ", "*.", ".", "http://"]) {
        assert.equal(normalizeAllowedDomain(entry), null, JSON.stringify(entry));
        assert.equal(isHostAllowed("example.com", [entry]), false, JSON.stringify(entry));
    }
});

test("IP addresses match exactly: no suffix rule on numbers", () => {
    assert.equal(isHostAllowed("127.0.0.1", ["127.0.0.1"]), true);
    assert.equal(isHostAllowed("127.0.0.1", ["0.0.1"]), false);
    assert.equal(isHostAllowed("10.0.0.1", ["0.1"]), false);
    assert.equal(isHostAllowed("127.0.0.2", ["127.0.0.1"]), false);
    assert.equal(isHostAllowed(hostOf("http://[::1]:8080/"), ["[::1]"]), true);
    assert.equal(isHostAllowed(hostOf("http://[::1]:8080/"), ["http://[::1]/"]), true);
});

test("international domain names compare in their punycode form, however they were written", () => {
    assert.equal(normalizeAllowedDomain("bücher.de"), "xn--bcher-kva.de");
    assert.equal(isHostAllowed(hostOf("https://shop.bücher.de/"), ["bücher.de"]), true);
    assert.equal(isHostAllowed(hostOf("https://shop.bücher.de/"), ["xn--bcher-kva.de"]), true);
});
