import { describe, expect, it } from 'vitest'
import { isPrivateHost, refuseStatusUrl } from '../../src/jobs/statusUrlPolicy'

const hostOf = (url: string) => new URL(url).hostname

describe('isPrivateHost', () => {
  it.each([
    'http://localhost/',
    'http://node.localhost/',
    'http://printer.local/',
    'http://db.internal/',
    'http://127.0.0.1/',
    'http://2130706433/', // 127.0.0.1 written as one number
    'http://0x7f.1/', // and in hex
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://169.254.169.254/', // cloud metadata
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[::]/',
    'http://[fd12:3456::1]/',
    'http://[fe80::1]/',
    'http://[::ffff:192.168.0.1]/',
  ])('%s is private', (url) => expect(isPrivateHost(hostOf(url))).toBe(true))

  it.each([
    'https://node.example/',
    'https://8.8.8.8/',
    'https://172.32.0.1/',
    'https://192.169.0.1/',
    'https://[2001:db8::1]/',
    'https://[::ffff:8.8.8.8]/',
    'https://localhost.example.com/',
  ])('%s is public', (url) => expect(isPrivateHost(hostOf(url))).toBe(false))
})

describe('refuseStatusUrl', () => {
  it('lets a page on a local platform poll its local nodes', () => {
    expect(refuseStatusUrl('http://127.0.0.1:9464/status', '127.0.0.1')).toBeUndefined()
    expect(refuseStatusUrl('http://192.168.1.20:9464/status', 'localhost')).toBeUndefined()
  })

  it('lets a public page poll https URLs of public hosts only', () => {
    expect(refuseStatusUrl('https://node.example/status', 'app.neuromation.example')).toBeUndefined()
    expect(refuseStatusUrl('http://node.example/status', 'app.neuromation.example')).toMatch(/is not https/)
    for (const url of ['https://192.168.1.1/status', 'https://localhost:9464/status', 'https://[::1]/status']) {
      expect(refuseStatusUrl(url, 'app.neuromation.example')).toMatch(/names a local or private host/)
    }
  })
})
