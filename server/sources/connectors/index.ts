import type { ConnectorDefinition } from './define';
import { demoConnector } from './demo';

/** Every polled connector, by kind. A new connector is one file in this folder and one line here. */
export const CONNECTORS: readonly ConnectorDefinition[] = [demoConnector];

export { defineConnector, type ConnectorDefinition, type ConnectorEnv } from './define';
