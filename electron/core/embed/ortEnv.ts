// onnxruntime 1.29+ ships Microsoft telemetry switched on in its official Linux and macOS builds (onnxruntime PR
// #27379): the first session makes DNS queries for mobile.events.data.microsoft.com (seen with
// `strace -f -e trace=connect,sendto`). The native library reads this variable with getenv() when its environment
// starts, so it is set here, in the importing thread, before onnxruntime-node loads. A worker thread's process.env
// is a private copy that native code never sees, so the main thread sets it too (embedder.ts imports this module
// before starting the embedding worker). Not left to the user's environment: Clinote never phones home.
process.env.ORT_DISABLE_TELEMETRY = '1';
