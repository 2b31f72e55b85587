// Attack cases: the network. The sandbox has its own network namespace with only a loopback
// interface of its own, so nothing it does reaches the host's listeners or the outside world.
// Each case starts a real listener on the host and asserts it saw nothing.
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { createServer, type Server } from "node:net";
import { networkInterfaces } from "node:os";
import { after, before, test } from "node:test";
import type { Sandbox } from "../../server/sandbox/index.ts";
import { attack, skipUnlessIsolated, smallSandbox, uniqueMarker } from "./support.ts";

let sandbox: Sandbox;
let skip: string | false;
let server: Server;
let port = 0;
let connections = 0;

before(async () => {
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
    server = createServer((socket) => { connections++; socket.destroy(); });
    await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
    port = (server.address() as { port: number }).port;
});

after(() => server.close());

function connectScript(host: string, targetPort: number): string {
    return [
        "import socket",
        `s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.settimeout(2)`,
        "try:",
        `    s.connect((${JSON.stringify(host)}, ${targetPort})); print("CONNECTED")`,
        "except OSError as e:",
        "    print('blocked:', e)",
    ].join("\n");
}

/** A non-loopback IPv4 address of this host, if it has one. */
function hostAddress(): string | null {
    for (const list of Object.values(networkInterfaces())) {
        for (const address of list ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
    }
    return null;
}

test("attack 01: TCP connect to a listener on the host's 127.0.0.1 gets nowhere", async (t) => {
    if (skip) return t.skip(skip);
    const before = connections;
    const result = await attack(sandbox, { language: "python", code: connectScript("127.0.0.1", port) });
    // An absence check: a connection or datagram that got out would reach the host listener's event loop within this pause.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(connections, before, "the host listener must see no connection");
    assert.doesNotMatch(result.stdout, /CONNECTED/);
    assert.match(result.stdout, /blocked/);
});

test("attack 02: TCP connect to the host's own network address and to the internet gets nowhere", async (t) => {
    if (skip) return t.skip(skip);
    const address = hostAddress();
    const before = connections;
    const targets = [...(address === null ? [] : [[address, port] as const]), ["1.1.1.1", 443] as const, ["8.8.8.8", 53] as const];
    const code = targets.map(([host, p]) => connectScript(host, p)).join("\n");
    const result = await attack(sandbox, { language: "python", code });
    // An absence check: a connection or datagram that got out would reach the host listener's event loop within this pause.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(connections, before, "the host listener must see no connection");
    assert.doesNotMatch(result.stdout, /CONNECTED/);
    assert.equal(result.stdout.match(/blocked/g)?.length, targets.length);
});

test("attack 03: DNS lookups fail and UDP datagrams to the host never arrive", async (t) => {
    if (skip) return t.skip(skip);
    const udp = createSocket("udp4");
    let datagrams = 0;
    udp.on("message", () => { datagrams++; });
    await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
    const udpPort = udp.address().port;
    try {
        const result = await attack(sandbox, {
            language: "python",
            code: [
                "import socket",
                "for name in ['example.com', 'localhost.localdomain', 'github.com']:",
                "    try:",
                "        print('RESOLVED', name, socket.getaddrinfo(name, 443)[0][4])",
                "    except OSError as e:",
                "        print('dns failed:', name, e)",
                "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                `for i in range(5): u.sendto(b'leak', ('127.0.0.1', ${udpPort}))`,
                "print('sent')",
            ].join("\n"),
        });
        // An absence check: a connection or datagram that got out would reach the host listener's event loop within this pause.
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(datagrams, 0, "no datagram may reach the host");
        assert.doesNotMatch(result.stdout, /RESOLVED/);
        assert.equal(result.stdout.match(/dns failed/g)?.length, 3);
    } finally {
        udp.close();
    }
});

test("attack 04: the only network interface inside is the sandbox's own loopback", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, { language: "shell", code: "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '" });
    assert.deepEqual(result.stdout.trim().split("\n"), ["lo"]);
});

test("attack 05: an abstract unix socket of the host (the X11/D-Bus kind) cannot be reached", async (t) => {
    if (skip) return t.skip(skip);
    const name = uniqueMarker("abstract");
    let reached = 0;
    const abstract = createServer((socket) => { reached++; socket.destroy(); });
    await new Promise<void>((resolve) => abstract.listen(`\0${name}`, resolve));
    try {
        const result = await attack(sandbox, {
            language: "python",
            code: [
                "import socket",
                `name = b"\\0" + ${JSON.stringify(name)}.encode()`,
                "# node pads an abstract name with NULs to the full 108 bytes of sun_path: try both forms",
                "for address in [name, name + b'\\0' * (108 - len(name))]:",
                "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
                "    try:",
                "        s.connect(address); print('CONNECTED')",
                "    except OSError as e:",
                "        print('blocked:', e)",
            ].join("\n"),
        });
        // An absence check: a connection or datagram that got out would reach the host listener's event loop within this pause.
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(reached, 0);
        assert.doesNotMatch(result.stdout, /CONNECTED/);
        assert.equal(result.stdout.match(/blocked/g)?.length, 2);
    } finally {
        abstract.close();
    }
});

test("attack 06: a unix socket file on the host (e.g. an agent or docker socket) is not visible", async (t) => {
    if (skip) return t.skip(skip);
    const path = `/tmp/${uniqueMarker("sock")}.sock`;
    let reached = 0;
    const unix = createServer((socket) => { reached++; socket.destroy(); });
    await new Promise<void>((resolve) => unix.listen(path, resolve));
    try {
        const result = await attack(sandbox, {
            language: "python",
            code: [
                "import socket, os",
                `print('exists' if os.path.exists(${JSON.stringify(path)}) else 'absent')`,
                "for p in [" + JSON.stringify(path) + ", '/var/run/docker.sock', '/run/dbus/system_bus_socket']:",
                "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
                "    try:",
                "        s.connect(p); print('CONNECTED', p)",
                "    except OSError as e:",
                "        print('blocked:', p)",
            ].join("\n"),
        });
        assert.equal(reached, 0);
        assert.match(result.stdout, /^absent/);
        assert.doesNotMatch(result.stdout, /CONNECTED/);
    } finally {
        unix.close();
    }
});
