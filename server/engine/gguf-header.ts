// A first look at a GGUF file's fixed header, before node-llama-cpp's reader sees it: that
// reader never returns when the header claims more tensors or metadata entries than the file
// can hold (seen with node-llama-cpp 3.22.1), so absurd counts are rejected here.
import { open } from "node:fs/promises";

const HEADER_BYTES = 24; // magic u32, version u32, tensor count u64, metadata count u64
// The smallest a tensor description can be: name length u64 + 1 byte name, dims u32 + 1 dim
// u64, type u32, offset u64. A metadata entry: key length u64 + 1 byte key, type u32, and at
// least one value byte.
const MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 8 + 4 + 8;
const MIN_METADATA_BYTES = 8 + 1 + 4 + 1;

export interface GgufHeader { version: number; tensorCount: number; metadataCount: number }

/** Returns the header, or a reason the file cannot be a GGUF. */
export async function readGgufHeader(filePath: string): Promise<GgufHeader | { problem: string }> {
    const file = await open(filePath, "r");
    try {
        const { size } = await file.stat();
        if (size < HEADER_BYTES) return { problem: `only ${size} bytes long` };
        const header = Buffer.alloc(HEADER_BYTES);
        await file.read(header, 0, HEADER_BYTES, 0);
        if (header.toString("latin1", 0, 4) !== "GGUF") return { problem: "it does not start with the GGUF magic bytes" };
        const version = header.readUInt32LE(4);
        if (version !== 2 && version !== 3) return { problem: `unsupported GGUF version ${version}` };
        const tensorCount = header.readBigUInt64LE(8);
        const metadataCount = header.readBigUInt64LE(16);
        const room = BigInt(size - HEADER_BYTES);
        if (tensorCount * BigInt(MIN_TENSOR_INFO_BYTES) + metadataCount * BigInt(MIN_METADATA_BYTES) > room) {
            return { problem: `its header claims ${tensorCount} tensors and ${metadataCount} metadata entries, more than ${size} bytes can hold` };
        }
        return { version, tensorCount: Number(tensorCount), metadataCount: Number(metadataCount) };
    } finally {
        await file.close();
    }
}
