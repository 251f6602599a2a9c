import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.ts';
import { corsOriginPolicy } from './cors.ts';

describe('GATEWAY_CORS_ORIGINS', () => {
  it('unset: any localhost / 127.0.0.1 page outside production, and nothing else', () => {
    const allows = corsOriginPolicy(readGatewayConfig({ NODE_ENV: 'development' }).GATEWAY_CORS_ORIGINS, false);
    expect(allows('http://localhost:5173')).toBe(true);
    expect(allows('http://127.0.0.1:3000')).toBe(true);
    expect(allows('http://localhost')).toBe(true);
    expect(allows('https://localhost:5173')).toBe(false);
    expect(allows('http://localhost.evil.example')).toBe(false);
    expect(allows('http://127.0.0.1.evil.example:80')).toBe(false);
    expect(allows('https://app.district.example')).toBe(false);
  });

  it('unset in production: no origin at all', () => {
    const allows = corsOriginPolicy(undefined, true);
    expect(allows('http://localhost:5173')).toBe(false);
  });

  it('set: exactly the origins listed, in any mode', () => {
    const origins = readGatewayConfig({ NODE_ENV: 'development', GATEWAY_CORS_ORIGINS: 'https://app.district.example, http://10.1.2.3:8080' }).GATEWAY_CORS_ORIGINS;
    expect(origins).toEqual(['https://app.district.example', 'http://10.1.2.3:8080']);
    const allows = corsOriginPolicy(origins, true);
    expect(allows('https://app.district.example')).toBe(true);
    expect(allows('http://10.1.2.3:8080')).toBe(true);
    expect(allows('http://localhost:5173')).toBe(false);
    expect(allows('https://app.district.example.evil')).toBe(false);
  });

  it('refuses a value that is not a list of origins, saying how to write one', () => {
    expect(() => readGatewayConfig({ NODE_ENV: 'development', GATEWAY_CORS_ORIGINS: 'https://app.district.example/, *' })).toThrow(/GATEWAY_CORS_ORIGINS.*"https:\/\/app.district.example\/" is not an origin.*scheme:\/\/host\[:port\]/s);
  });
});
