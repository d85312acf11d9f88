import type { ConnectorDefinition } from './define';
import { demoConnector } from './demo';
import { odooConnector } from './odoo';
import { erpnextConnector } from './erpnext';
import { sapb1Connector } from './sapb1';
import { hubspotConnector } from './hubspot';
import { httpJsonConnector } from './http-json';
import { sqlConnector } from './sql';
import { salesforceConnector } from './salesforce';
import { freshdeskConnector } from './freshdesk';
import { zammadConnector } from './zammad';
import { zendeskConnector } from './zendesk';

/** Every polled connector, by kind. A new connector is one file in this folder and one line here. */
export const CONNECTORS: readonly ConnectorDefinition[] = [demoConnector, httpJsonConnector, sqlConnector, zendeskConnector, freshdeskConnector, zammadConnector, salesforceConnector, hubspotConnector, odooConnector, erpnextConnector, sapb1Connector];

export { defineConnector, type ConnectorDefinition, type ConnectorEnv } from './define';
