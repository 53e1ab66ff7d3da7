import { oauth2VitestConfig } from '@oauth2/vitest-config';

export default oauth2VitestConfig();
