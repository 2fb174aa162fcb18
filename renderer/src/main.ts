import { mount } from 'svelte';
import App from './components/App.svelte';
import { bridgeAddress, connectBridge } from './lib/platform/bridge';
import { connectDesktop } from './lib/platform/desktop';
import './app.css';

// The desktop app's preload provides window.engine and window.shell; anywhere else (the browser harness) the engine
// is behind the WebSocket dev bridge.
const { client, host } =
  window.engine && window.shell
    ? connectDesktop(window.engine, window.shell)
    : connectBridge(bridgeAddress(window.location));

mount(App, { target: document.getElementById('app')!, props: { client, host } });
