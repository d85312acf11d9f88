export { ApiError, api, fetchMe, login, logout, startPairing, pollPairing, listDevices, approveDevice, changeDevice, revokeDevice, commandDevice, targetName, parseTarget } from './api';
export { authHeaders, storedDevice, storeDevice, forgetDevice, type StoredDevice } from './token';
export { useAccessStore } from './store';
