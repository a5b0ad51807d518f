#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A new profile's file name comes from its id but is never one the reader
skips (backup and package-manager suffixes): the profile does not vanish at
the next reload and leaves no orphan file, and it keeps the id it was given."""

import os
import time

import harness
import ifcfg

# Ids whose plain file name ("ifcfg-" + id) the reader ignores.
IGNORED_IDS = ['x.bak', 'x~', 'x.rpmnew', 'x.rpmsave', 'x.orig', 'x.rej', 'x.augnew', 'x.augtmp',
               'x.BAK', 'x;5a3e1b2c']


class FileNames(harness.BonddTestCase):

    def test_ids_with_ignored_suffixes_stay(self):
        uuids = {}
        for i, con_id in enumerate(IGNORED_IDS):
            uuids[con_id] = self.add_connection('type', 'bond', 'con-name', con_id, 'ifname', 'xb%d' % i,
                                                'ipv4.method', 'disabled', 'ipv6.method', 'ignore')
        # Longer than the directory watch's debounce, and an explicit reload.
        time.sleep(2.5)
        self.nmcli_ok('connection', 'reload')
        table = self.con_table()
        for con_id, uuid in uuids.items():
            with self.subTest(con_id=con_id):
                self.assertEqual(table.get(uuid), (con_id, 'bond'), 'profile %r vanished' % con_id)
                path = self.file_for_uuid(uuid)
                name = os.path.basename(path)
                self.assertTrue(name.startswith('ifcfg-'), name)
                self.assertEqual(ifcfg.parse(path)['NAME'], con_id)
                self.assertEqual(self.get_fields(uuid, 'connection.id'), [con_id])
                r = self.nmcli_ok('-g', 'connection.uuid', 'connection', 'show', 'filename', path)
                self.assertEqual(r.out.strip(), uuid)
        # One file per profile, nothing else.
        self.assertEqual(len(os.listdir(self.ifcfg_dir)), len(IGNORED_IDS))
        self.restart_bondd()
        self.assertEqual(set(self.con_table()), set(uuids.values()))

    def test_plain_id_keeps_plain_name(self):
        uuid = self.add_connection('type', 'bond', 'con-name', 'x.bakery', 'ifname', 'xb0',
                                   'ipv4.method', 'disabled', 'ipv6.method', 'ignore')
        self.assertEqual(self.file_for_uuid(uuid), self.ifcfg_path('ifcfg-x.bakery'))


if __name__ == '__main__':
    harness.main()
