import type { TestProject } from 'vitest/node';
import { serveDist } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await serveDist();
  project.provide('appUrl', server.url);
  return () => server.close();
}
