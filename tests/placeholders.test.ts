import { describe, expect, it } from 'vitest'
import { findPlaceholders, maskPlaceholders } from '../src/text/placeholders.js'
import { messagesOf } from './helpers.js'

const brief = (text: string) => findPlaceholders(text).map((p) => ({ text: p.text, syntax: p.syntax, name: p.name, fallback: p.fallback }))

describe('placeholders of every vendor syntax', () => {
  it('reads Liquid variables with and without fallbacks (Zendesk, Intercom, Go templates)', () => {
    expect(brief('Hi {{ticket.requester.first_name}}, {{ user.name | default: "there" }} {{user.name|fallback:"friend"}} {{ .Contact.FirstName }}')).toEqual([
      { text: '{{ticket.requester.first_name}}', syntax: 'liquid', name: 'ticket.requester.first_name', fallback: undefined },
      { text: '{{ user.name | default: "there" }}', syntax: 'liquid', name: 'user.name', fallback: 'there' },
      { text: '{{user.name|fallback:"friend"}}', syntax: 'liquid', name: 'user.name', fallback: 'friend' },
      { text: '{{ .Contact.FirstName }}', syntax: 'liquid', name: 'Contact.FirstName', fallback: undefined },
    ])
  })

  it('tells Help Scout variables from Liquid tags, nested tags included', () => {
    const text = '{% if ticket.requester.first_name %}Hi {{ticket.requester.first_name}}{% else %}Hi {%customer.firstName,fallback=there%}{% endif %}'
    expect(brief(text)).toEqual([
      { text: '{% if ticket.requester.first_name %}', syntax: 'liquid-tag', name: 'if ticket.requester.first_name', fallback: undefined },
      { text: '{{ticket.requester.first_name}}', syntax: 'liquid', name: 'ticket.requester.first_name', fallback: undefined },
      { text: '{% else %}', syntax: 'liquid-tag', name: 'else', fallback: undefined },
      { text: '{%customer.firstName,fallback=there%}', syntax: 'helpscout', name: 'customer.firstName', fallback: 'there' },
      { text: '{% endif %}', syntax: 'liquid-tag', name: 'endif', fallback: undefined },
    ])
  })

  it('reads Salesforce merge fields, percent variables, HubSpot missing tokens and fill-ins', () => {
    expect(brief('Dear {!Contact.FirstName}, %customer_name% [[MISSING TOKEN - FIRST NAME]] [Customer Name] 20% off, 50%')).toEqual([
      { text: '{!Contact.FirstName}', syntax: 'salesforce', name: 'Contact.FirstName', fallback: undefined },
      { text: '%customer_name%', syntax: 'percent', name: 'customer_name', fallback: undefined },
      { text: '[[MISSING TOKEN - FIRST NAME]]', syntax: 'hubspot-missing', name: 'FIRST NAME', fallback: undefined },
      { text: '[Customer Name]', syntax: 'fill-in', name: 'Customer Name', fallback: undefined },
    ])
  })

  it('masks placeholders without moving anything', () => {
    const text = 'Hi {{oops.name}}, %ugh_field% ok'
    const masked = maskPlaceholders(text)
    expect(masked).toHaveLength(text.length)
    expect(masked).toBe('Hi _____________, ___________ ok')
  })

  it('keeps rules from reading words inside placeholders', async () => {
    expect(await messagesOf('avoid-interjection', 'Agent: Hi {{ticket.oops_count}} and {%whoa.name,fallback=ugh%}\n', 'chat.txt')).toEqual([])
    expect(await messagesOf('acknowledge-feelings', '# Update\n\nHi {{ticket.delayed_reason}}, here is the tracking link.\n', 'macro.md')).toEqual([])
  })
})
