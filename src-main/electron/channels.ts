// The two IPC channels between the preload and the main process, named once for both sides.
// Requests go as (method, payload) on CALL and come back as a Result; events flow on EVENT.

export const CALL_CHANNEL = 'backprop:call';
export const EVENT_CHANNEL = 'backprop:event';
