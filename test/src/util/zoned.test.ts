/** Wall clocks in IANA zones: local times resolved as java.time resolves them, canonical zone names. */
import { describe, expect, it } from 'vitest';
import { canonicalZone, fromWall } from '../../../src/util/zoned.js';

const at = (y: number, mo: number, d: number, h: number, mi: number, tz: string) => new Date(fromWall(y, mo, d, h, mi, 0, 0, tz)).toISOString();

describe('fromWall', () => {
  it('reads an ordinary wall time with the offset of that day', () => {
    expect(at(2016, 7, 15, 0, 0, 'Europe/Paris')).toBe('2016-07-14T22:00:00.000Z');
    expect(at(2016, 1, 15, 0, 0, 'Europe/Paris')).toBe('2016-01-14T23:00:00.000Z');
    expect(at(2016, 1, 15, 0, 0, 'Asia/Kolkata')).toBe('2016-01-14T18:30:00.000Z');
  });

  it('takes the earlier instant in an overlap (the offset before the change)', () => {
    expect(at(2021, 10, 31, 2, 30, 'Europe/Paris')).toBe('2021-10-31T00:30:00.000Z');
    expect(at(2021, 11, 7, 1, 30, 'America/New_York')).toBe('2021-11-07T05:30:00.000Z');
  });

  it('moves a time in a gap later by the gap (java.time ZonedDateTime.ofLocal)', () => {
    // 02:30 does not exist: 03:30 of the new offset
    expect(at(2021, 3, 14, 2, 30, 'America/New_York')).toBe('2021-03-14T07:30:00.000Z');
    expect(at(2021, 3, 28, 2, 30, 'Europe/Paris')).toBe('2021-03-28T01:30:00.000Z');
    // São Paulo skipped midnight in 2018: the day starts at 01:00
    expect(at(2018, 11, 4, 0, 0, 'America/Sao_Paulo')).toBe('2018-11-04T03:00:00.000Z');
  });

  it('keeps years 0–99, and is NaN out of range', () => {
    expect(at(50, 1, 1, 0, 0, 'UTC')).toBe('0050-01-01T00:00:00.000Z');
    expect(at(50, 1, 1, 0, 0, 'Europe/Paris').slice(0, 4)).toBe('0049');
    expect(fromWall(300_000, 1, 1, 0, 0, 0, 0, 'Europe/Paris')).toBeNaN();
  });
});

describe('canonicalZone', () => {
  it('gives the canonical name the engines take, or undefined', () => {
    expect(canonicalZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalZone('utc')).toBe('UTC');
    expect(canonicalZone('Etc/GMT+5')).toBe('Etc/GMT+5');
    expect(canonicalZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalZone('+02:00')).toBeUndefined();
  });
});
