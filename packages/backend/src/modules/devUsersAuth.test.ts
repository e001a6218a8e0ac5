import { devUserFromCookie, pickDevUser } from './devUsersAuth';

const users = ['user:default/guest', 'user:default/reader'];

describe('development users sign-in', () => {
  it('reads the user from its cookie among others', () => {
    expect(devUserFromCookie('a=1; festivals-dev-user=reader; b=2')).toBe(
      'reader',
    );
    expect(devUserFromCookie('a=1')).toBeUndefined();
    expect(devUserFromCookie(undefined)).toBeUndefined();
  });

  it('signs in as the first user without a cookie, and as a listed one by name or ref', () => {
    expect(pickDevUser(users, undefined)).toBe('user:default/guest');
    expect(pickDevUser(users, 'reader')).toBe('user:default/reader');
    expect(pickDevUser(users, 'user:default/reader')).toBe(
      'user:default/reader',
    );
  });

  it('refuses a user that is not listed, naming the config key', () => {
    expect(() => pickDevUser(users, 'admin')).toThrow(
      'Cookie festivals-dev-user=admin names no user of auth.providers.guest.users (user:default/guest, user:default/reader)',
    );
  });
});
