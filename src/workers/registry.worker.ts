// Fetches and parses packuments off the main thread.
import { expose } from 'comlink';
import { createRegistryService } from '../core/services/registry-service';

expose(createRegistryService());
