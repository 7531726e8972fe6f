<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AttendancePanel</name>
    <message>
        <location line="+47"/>
        <source>Someone who is not on the register yet: add them and sign them in.</source>
        <translation>名册里还没有这个人：先添加，再签到。</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>{n} person-times</source>
        <translation>{n} 人次</translation>
    </message>
    <message>
        <location line="+230"/>
        <source>No one on the register matches “{text}”.</source>
        <translation>名册里没有找到“{text}”。</translation>
    </message>
    <message>
        <location line="-370"/>
        <source>Start &amp;empty</source>
        <translation>从空白开始(&amp;E)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sign people in one by one: type a name, press Enter.</source>
        <translation>逐个签到：输入姓名，按回车。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name, pinyin or initials: Enter signs in, Shift+Enter takes back</source>
        <translation>姓名、拼音或首字母：回车签到，Shift+回车取消</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type a name, its pinyin, its initials or a mix (zs and zhangs find 张三).
Enter signs in the person the name picks out and clears the box for the next name;
when it matches several, choose one in the list with ↑ ↓ and press Enter.
Shift+Enter takes back the mark of a signed-in match.
Down goes to the list, where Enter or Space ticks or unticks the highlighted person.
Ctrl+F comes back here.</source>
        <translation>输入姓名、全拼、首字母或两者混拼（输入 zs 或 zhangs 都可找到张三）。
回车为输入所指的那一位签到，并清空输入框，可接着输入下一个姓名；
如有多人符合，请在名单中用 ↑ ↓ 选定一位，再按回车。
Shift+回车取消一位已签到者的签到。
按↓进入名单，回车或空格键为高亮的人签到或取消签到。
Ctrl+F 回到这里。</translation>
    </message>
    <message>
        <location line="+420"/>
        <location line="+26"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>“{text}” matches {n} people: {names}. Choose one with ↑ ↓ and press Enter.</source>
        <translation>“{text}”有 {n} 人符合：{names}。请用 ↑ ↓ 选定一位，再按回车。</translation>
    </message>
    <message>
        <location line="-415"/>
        <source>&amp;New resident…</source>
        <translation>新增居民(&amp;N)…</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>This session counts heads: {n} people make its person-times. Naming who came is optional ({named} named so far); edit the session to change the count.</source>
        <translation>本场次只记人数：{n} 人即为人次。登记到场者姓名可选（已登记 {named} 人）；如需修改人数，请修改场次。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No one is signed in yet. Start from:</source>
        <translation>还没有人签到。开始方式：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add from:</source>
        <translation>补充签到：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Same as &amp;last time ({n})</source>
        <translation>同上次（{n} 人）(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All present ({n})</source>
        <translation>全部到场（{n} 人）(&amp;A)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No earlier session of this course has anyone signed in.</source>
        <translation>本课程此前的场次都没有签到记录。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sign in the people who were at this course&apos;s last session ({date}) and have no mark yet. Marks already made are kept.</source>
        <translation>为本课程上一场次（{date}）到场、本场次尚未登记的人签到。已有的签到记录保持不变。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sign in everyone who came to any of this course&apos;s last {k} sessions, then untick whoever is absent. Marks already made are kept.</source>
        <translation>为本课程最近 {k} 个场次中来过的所有人签到，再取消缺席者的勾选。已有的签到记录保持不变。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Signed in {n} people from last time. Someone not here? Type the name and press Shift+Enter.</source>
        <translation>已按上次为 {n} 人签到。有人没来？输入姓名后按 Shift+回车。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Signed in {n} expected people. Someone not here? Type the name and press Shift+Enter.</source>
        <translation>已为应到的 {n} 人签到。有人没来？输入姓名后按 Shift+回车。</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>{name} is already signed in; Shift+Enter takes the mark back.</source>
        <translation>{name} 已经签到过了；按 Shift+回车可取消签到。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+74"/>
        <location line="+14"/>
        <source>Signed in: {name}</source>
        <translation>已签到：{name}</translation>
    </message>
    <message>
        <location line="-78"/>
        <location line="+8"/>
        <source>No one signed in matches “{text}”.</source>
        <translation>已签到的人中没有与“{text}”相符的。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+54"/>
        <source>Taken back: {name} was not here</source>
        <translation>已取消签到：{name} 未到</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Added and signed in: {name}</source>
        <translation>已添加并签到：{name}</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>The mark could not be saved: {error}</source>
        <translation>签到没能保存：{error}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Tick the box by a name, or type a name and press Enter to sign someone in.</source>
        <translation>勾选姓名前的方框，或输入姓名后按回车，即可签到。</translation>
    </message>
    <message>
        <location line="-348"/>
        <source>Signed in {n} people from last time.</source>
        <translation>已按上次为 {n} 人签到（同上次）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Signed in {n} expected people (all present).</source>
        <translation>已为应到的 {n} 人签到（全部到场）。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the people at the last session</source>
        <translation>上次到场的人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>everyone the course expects</source>
        <translation>该课程应到的人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sign in more people?</source>
        <translation>再签到一些人？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{marked} people already have a mark on this list. This will sign in {n} more from {source}; marks already made are kept. Undo (Ctrl+Z) takes it back.</source>
        <translation>这份签到表上已有 {marked} 人有记录。此操作将从{source}中再签到 {n} 人，已有的记录保留。撤销（Ctrl+Z）可以撤回。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sign in {n} more</source>
        <translation>再签到 {n} 人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The sign-in sheet of a session opens here.

Choose a session in the week on the left. If the week has none yet, add one with New session… or Copy last week; then type the names of the people who came.</source>
        <extracomment>How many of the people a typed name matches the line under the search box names. Marks still being saved: (session, resident) -&gt; (ticket, present); the ticket tells a person&apos;s latest mark from an earlier one still on its way. Whether the shown session&apos;s week is approved (locked): nothing on the sheet can change.</extracomment>
        <translation>这里显示所选场次的签到表。

请先在左边的本周场次中选一个场次。如果本周还没有场次，点“新建场次…”或“复制上周”添加；然后输入来参加的人的姓名。</translation>
    </message>
</context>
<context>
    <name>AttendeesDialog</name>
    <message>
        <location filename="../../desktop/ui/reports/inbox_tab.py" line="+266"/>
        <source>A headcount session: {n} person-times; {named} of the people were named.</source>
        <translation>按人数计的场次：{n} 人次；其中 {named} 人登记了姓名。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} people signed in.</source>
        <translation>{n} 人签到。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Household</source>
        <translation>所属户</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>BackupMenu</name>
    <message>
        <location filename="../../desktop/ui/backups.py" line="+91"/>
        <source>Back up to</source>
        <extracomment>How often an open window checks whether today&apos;s backup is taken (a window left open for days). The first check waits this long after the window opens, so it does not slow the start.</extracomment>
        <translation>备份到</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Backup (*.sqlite3)</source>
        <translation>备份文件 (*.sqlite3)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+10"/>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>The backup was saved to {path}. Keep it somewhere safe: it holds residents&apos; names and phone numbers.</source>
        <translation>备份已保存到 {path}。请妥善保管：其中有居民的姓名和电话。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The backup could not be written: {reason}</source>
        <translation>备份无法写入：{reason}</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+23"/>
        <location line="+34"/>
        <location line="+32"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>A sync is under way; please restore the backup when it has finished.</source>
        <translation>正在同步，请等同步结束后再恢复备份。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backup (*.sqlite3);;All files (*)</source>
        <translation>备份文件 (*.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Replace the records on this computer with the backup {file}?

It holds {residents} residents, {sessions} sessions and {marks} attendance marks of {site}, saved {when}.

The records on this computer now are kept in the backups folder. Learning Desk closes afterwards; open it again, and its next sync fetches what the district holds and sends what it lacks.</source>
        <translation>用备份 {file} 替换这台电脑上的数据吗？

其中有{site}的 {residents} 位居民、{sessions} 个场次和 {marks} 条签到记录，保存于 {when}。

这台电脑上现在的数据会保留在备份文件夹中。恢复后本软件会关闭；请重新打开，下次同步时会取回区里已有的数据，并把区里没有的数据发送上去。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The backup was restored. The records this computer held until now are kept in {path}. Learning Desk closes now: please open it again.</source>
        <translation>备份已恢复。这台电脑原来的数据保留在 {path}。本软件现在关闭，请重新打开。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The file cannot be read ({reason}); nothing was replaced.</source>
        <translation>无法读取该文件（{reason}），没有替换任何数据。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The backup could not be restored ({reason}); nothing was replaced.</source>
        <translation>备份无法恢复（{reason}），没有替换任何数据。</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <location filename="../../desktop/storage/backups.py" line="+70"/>
        <source>{file} is not a backup of a Learning Desk laptop&apos;s records; nothing was replaced.</source>
        <extracomment>The laptop&apos;s database in its data folder. The automatic backups&apos; folder inside the data folder. How many of each kind are kept, for a database up to :data:`BIG_BYTES` (a village&apos;s: 1 MB after six weeks, 5 MB after a year of the demo week, so 15 copies are 75 MB) and above it (a town&apos;s, 540 MB for 30 villages × 3 years, nearly all of it the villages&apos; records, which the server gives back in a download). ``daily``: the last days; ``before``: before a migration, merge or import; ``replaced``: what a restore replaced, which may hold work the server never saw. A copy is checked with ``PRAGMA quick_check`` before it gets its name when the database is at most this big (as on opening: 0.15 s for a village&apos;s year; 1.8 s more for a town&apos;s 540 MB). Left by a copy that was cut off; removed once this old (a younger one may be a copy under way). How long a restore waits for other connections to the database to close. The tables whose records a restore names, to tell one backup from another.</extracomment>
        <translation>{file} 不是本软件在电脑上所存数据的备份，没有替换任何数据。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file} is damaged (SQLite&apos;s integrity check fails); nothing was replaced.</source>
        <translation>{file} 已损坏（未通过完整性检查），没有替换任何数据。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file} was made by a newer version of Learning Desk; please update the app first. Nothing was replaced.</source>
        <translation>{file} 是用更新版本的本软件建立的，请先升级软件。没有替换任何数据。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{file} holds the records of another site or district ({site}), not this computer&apos;s; nothing was replaced.</source>
        <translation>{file} 是其他站点或其他区（{site}）的数据，不是这台电脑的；没有替换任何数据。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learning Desk&apos;s records are open in another window or command; close it and try again. Nothing was replaced.</source>
        <translation>数据正被另一个窗口或命令使用；请先关闭它再试。没有替换任何数据。</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../desktop/ui/syncing/sync_bar.py" line="+65"/>
        <source>Dismiss</source>
        <translation>知道了</translation>
    </message>
</context>
<context>
    <name>Bundle</name>
    <message>
        <location filename="../../core/bundles.py" line="+73"/>
        <source>This file is not a Learning Desk sync bundle.</source>
        <extracomment>A village&apos;s exchanges on their way to the server; the server&apos;s answers on their way back. A file name ending for the file dialogs and the town laptop&apos;s folder of bundles. Bytes the header line may take: a few hundred in practice. Exchanges one bundle may carry: a large backlog is a few batches of 2,000 changes. Bytes a payload may inflate to: the server&apos;s body limit, so no bundle is worth more than a request.</extracomment>
        <translation>这个文件不是学习桌的同步包。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This sync bundle is damaged or was changed (cut short, altered or added to), so nothing was imported; export it again from the computer that made it.</source>
        <translation>这个同步包已损坏或被改动过（缺了一截、被修改或多出内容），所以没有导入任何内容；请在制作它的电脑上重新导出。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This sync bundle was made by a newer version of Learning Desk, so nothing was imported; please update the app.</source>
        <translation>这个同步包由更新版本的学习桌制作，所以没有导入任何内容；请更新软件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This sync bundle belongs to another district, so nothing was imported.</source>
        <translation>这个同步包属于另一个区，所以没有导入任何内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This sync bundle comes from a site this computer does not look after, so nothing was imported.</source>
        <translation>这个同步包来自本机不负责的站点，所以没有导入任何内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The district does not accept the computer that made this sync bundle (it may have been replaced), so nothing was imported.</source>
        <translation>区里不再接受制作这个同步包的电脑（它可能已被更换），所以没有导入任何内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This sync bundle is the answer for another computer, so nothing was imported.</source>
        <translation>这个同步包是给另一台电脑的回执，所以没有导入任何内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This sync bundle is on its way to the district: take it to the town school&apos;s computer, which sends it on. Nothing was imported here.</source>
        <translation>这个同步包是要送往区里的：请把它带到镇社区学校的电脑上，由那台电脑转交。本机没有导入任何内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This computer has no key for sync bundles yet: sync once over the network, then try again.</source>
        <translation>本机还没有同步包的密钥：请先联网同步一次，再试一次。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No answer is waiting for that site: import its bundle, sync, then export the answer.</source>
        <translation>还没有给这个站点的回执：请先导入它的同步包并同步，再导出回执。</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <location filename="../../desktop/ui/reports/overview_tab.py" line="+113"/>
        <location line="+13"/>
        <source>Numbers</source>
        <extracomment>Tables that change the overview when they change. Columns of the town → village table. The item data role holding a row&apos;s site id (None for the total).</extracomment>
        <translation>数据</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Show the numbers this chart is drawn from</source>
        <translation>显示本图所依据的数据</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <location filename="../../desktop/ui/reports/inbox_tab.py" line="-49"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <location filename="../../desktop/ui/syncing/models.py" line="+42"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What</source>
        <translation>哪一项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value that was replaced</source>
        <translation>被替换的值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value kept now</source>
        <translation>现在保留的值</translation>
    </message>
</context>
<context>
    <name>ConflictsTab</name>
    <message>
        <location filename="../../desktop/ui/syncing/conflicts_tab.py" line="+98"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>(a record that is no longer here)</source>
        <translation>（已不存在的记录）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{kind} “{title}”</source>
        <translation>{kind}「{title}」</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not deleted (edited here)</source>
        <translation>未删除（这台电脑上改过）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deleted on another computer</source>
        <translation>已在另一台电脑上删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{record} was deleted on another computer while it was being edited here. “Restore this value” brings it back; “Keep the current value” leaves it deleted.</source>
        <translation>{record}在另一台电脑上被删除了，而这台电脑上正在修改它。按“恢复这个值”可以把它找回来；按“保留现在的值”则让它保持删除。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{field} of {record} was changed on two computers: “{won}” was kept, “{lost}” was replaced.</source>
        <translation>{record}的{field}在两台电脑上都改过：保留了「{won}」，替换掉了「{lost}」。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>When two computers changed the same thing, one value was kept and the other is listed here. Put it back, or keep the value there is now.</source>
        <extracomment>How many conflicts are open (after every refresh that changed it).</extracomment>
        <translation>两台电脑改了同一处时，只能保留一个值，另一个值列在这里。可以把它恢复，也可以保留现在的值。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restore this value</source>
        <translation>恢复这个值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put the replaced value back; the change is sent at the next sync.</source>
        <translation>把被替换的值改回来；下次同步时会发送这个修改。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep the current value</source>
        <translation>保留现在的值</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave the record as it is and take it off this list.</source>
        <translation>记录保持现状，并从这个列表中移除。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The district did not accept these changes. They are still on this computer; the reason is in the district&apos;s own words. Ask the town school if it is unclear.</source>
        <translation>区平台没有接受这些修改，它们仍保存在这台电脑上。原因是区平台的原话，看不明白可以问镇街社区学校。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The district has refused nothing.</source>
        <translation>区平台没有拒收任何修改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Changes the district refused ({n})</source>
        <translation>区平台拒收的修改（{n}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changes the district refused</source>
        <translation>区平台拒收的修改</translation>
    </message>
    <message>
        <source>No conflicts: nothing has been overwritten, and there is nothing to do here. A conflict appears after a sync when this computer and another changed the same record; you then choose which value stays.</source>
        <translation>没有冲突：没有任何修改被覆盖，这里暂时不用处理。如果这台电脑和另一台电脑改了同一条记录，同步后会在这里列出冲突，由您决定保留哪个值。</translation>
    </message>
</context>
<context>
    <name>CourseDialog</name>
    <message>
        <location filename="../../desktop/ui/week/dialogs.py" line="+271"/>
        <source>Edit course</source>
        <translation>修改课程</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New course</source>
        <translation>新建课程</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Grass-linen weaving</source>
        <translation>例如：夏布编织技艺</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Feature course (one brand per town)</source>
        <translation>特色课程（一街一品）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Course</source>
        <translation>课程名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform</source>
        <translation>所属平台</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Description</source>
        <translation>课程介绍</translation>
    </message>
</context>
<context>
    <name>CoursesModel</name>
    <message>
        <location filename="../../desktop/ui/week/models.py" line="+163"/>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feature course</source>
        <translation>特色课程</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Description</source>
        <translation>介绍</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>CoursesTab</name>
    <message>
        <location filename="../../desktop/ui/week/courses_tab.py" line="+33"/>
        <source>New course…</source>
        <translation>新建课程…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
</context>
<context>
    <name>Demand</name>
    <message>
        <location filename="../../desktop/ui/demand/dialogs.py" line="+47"/>
        <source>Write residents&apos; scores as whole numbers from 0 to 100, separated by spaces.</source>
        <translation>群众评分请写 0 到 100 的整数，用空格隔开。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter at least one score.</source>
        <translation>请至少填写一个评分。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="+200"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Because: {words}</source>
        <translation>因为：{words}</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>yyyy-MM</source>
        <comment>month of an order</comment>
        <translation>yyyy年M月</translation>
    </message>
</context>
<context>
    <name>DispatchBoard</name>
    <message>
        <location filename="../../desktop/ui/demand/dispatch_tab.py" line="+98"/>
        <location line="+144"/>
        <source>Offerings that fit, best first</source>
        <translation>相符的服务项目（最相符的在前）</translation>
    </message>
    <message>
        <location line="-139"/>
        <source>Note for the history, e.g. send the fruit team</source>
        <translation>记入办理记录的说明，如：派果树服务队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decline</source>
        <translation>婉拒</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Requests waiting for the district, by platform</source>
        <translation>待区统筹的需求（按平台）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Request</source>
        <translation>需求</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Opened</source>
        <translation>提出时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No platform fits yet</source>
        <translation>暂无对应平台</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{platform} ({n})</source>
        <translation>{platform}（{n}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing is waiting for the district to coordinate.</source>
        <translation>目前没有待区统筹的需求。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Choose a request to see the offerings that fit it.</source>
        <translation>选择一条需求，查看与之相符的服务项目。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>preferred: {when}</source>
        <translation>希望时间：{when}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No offering on the menu fits: this request is on the gap list.</source>
        <translation>项目清单中没有相符的项目：此需求列入缺口清单。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Matched to “{title}”.</source>
        <translation>已匹配到“{title}”。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The request is declined.</source>
        <translation>已婉拒此需求。</translation>
    </message>
</context>
<context>
    <name>DispatchTab</name>
    <message>
        <location line="+239"/>
        <location line="+15"/>
        <source>Dispatch board</source>
        <extracomment>The tab&apos;s title with the count of what waits for the district.</extracomment>
        <translation>派单看板</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+15"/>
        <source>Gap list</source>
        <translation>缺口清单</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+15"/>
        <source>Orders</source>
        <translation>点单</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Service menu</source>
        <translation>项目清单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluation</source>
        <translation>满意度测评</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
</context>
<context>
    <name>DuplicateSuggestions</name>
    <message>
        <location filename="../../desktop/ui/people/resident_suggestions.py" line="+112"/>
        <source>Already on the register? Use the existing person:</source>
        <extracomment>Pause after the last key before the register is asked: typing a name is not interrupted. A compact list: the strongest few; more than this means the name is common, not a duplicate. The existing resident the user chose instead of creating a new one.</extracomment>
        <translation>名册里可能已有此人，可直接选用：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Possibly the same person:</source>
        <translation>可能是同一个人：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>If this is one person entered twice, use Merge… on the Residents tab.</source>
        <translation>如果是同一个人登记了两次，请在“居民”页用“合并…”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} more; type more details (birth year, phone) to narrow down.</source>
        <translation>另有 {n} 位；多填一些信息（出生年份、电话）可以缩小范围。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Use this person</source>
        <translation>就是此人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close this form and take {name} as already registered.</source>
        <translation>关闭此表，直接选用名册里的{name}。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>born {year}</source>
        <translation>{year}年生</translation>
    </message>
</context>
<context>
    <name>Duplicates</name>
    <message>
        <location filename="../../desktop/services/people/duplicates.py" line="+41"/>
        <source>same ID-card number</source>
        <translation>身份证号相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same phone number</source>
        <translation>电话号码相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same name and birth year</source>
        <translation>姓名和出生年份相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name sounds the same, same birth year</source>
        <translation>姓名同音，出生年份相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same or similar name in the same household</source>
        <translation>同一户里有同名或同音的人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same name (birth year not recorded)</source>
        <translation>同名（没有登记出生年份）</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../desktop/ui/spreadsheets/import_dialog.py" line="+347"/>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook (*.xlsx);;CSV for Excel (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;Excel 可用的 CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The file could not be written: {reason}</source>
        <translation>文件无法写入：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>FiguresView</name>
    <message>
        <location filename="../../desktop/ui/reports/week_report_tab.py" line="+139"/>
        <location line="+30"/>
        <source>Sessions</source>
        <extracomment>Rows a figures table shows before it scrolls: every platform fits, and most weeks&apos; courses. The headline figures, in the order they are shown, keyed as in the report&apos;s figures.</extracomment>
        <translation>场次</translation>
    </message>
    <message>
        <location line="-29"/>
        <location line="+27"/>
        <location line="+2"/>
        <source>Person-times</source>
        <translation>人次</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>People reached</source>
        <translation>覆盖人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New learners</source>
        <translation>新学员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests opened</source>
        <translation>新增需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests closed</source>
        <translation>办结需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teachers active</source>
        <translation>授课教师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volunteers active</source>
        <translation>参与志愿者</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+2"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(course deleted)</source>
        <translation>（课程已删除）</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../desktop/ui/syncing/first_run.py" line="+66"/>
        <source>Check that this computer is connected to the internet and that the address is exactly as the district wrote it, then try again.</source>
        <extracomment>Which field a failure of each kind is shown under; the others go below the form. What to do next, after the failure&apos;s own sentence, where that sentence was written for a sync.</extracomment>
        <translation>请检查这台电脑是否已连上网络，地址是否和区里写的完全一样，然后再试一次。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This address may belong to another web site: check that it is the district server&apos;s.</source>
        <translation>这个地址可能是别的网站，请核对它是不是区平台的地址。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This computer does not trust the district server&apos;s certificate. If the district gave you a certificate file, choose it under District certificate; otherwise ask the district office.</source>
        <extracomment>The transport&apos;s detail for a server certificate this computer does not trust.</extracomment>
        <translation>这台电脑不信任区平台的证书。如果区里给了您证书文件，请在“区平台证书”一栏选择它；否则请联系区里。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The enrollment stopped because of an unexpected problem (details are in the log).</source>
        <translation>注册因意外问题而中断（详情已记入日志）。</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location line="+36"/>
        <source>Connect to the district</source>
        <extracomment>An :class:`Enrolled`, once this laptop has its identity and token. While an enrollment is on its way the window cannot be closed: its answer must land.</extracomment>
        <translation>连接区平台</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This computer is connected to {site}. With a new enrollment code from the district you can connect it again here, for example after the district changed its server key.</source>
        <translation>这台电脑已加入{site}。如果区里给了您新的注册码（例如区平台更换了密钥），可以在这里重新连接。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connect this computer to the district so that its records reach the town and the district. Type the server address and the enrollment code the town reads out to you. What you record before then is kept and sent once it is connected.</source>
        <translation>把这台电脑连接到区平台，记录才能报到镇里和区里。请输入镇里告诉您的服务器地址和注册码。连接之前记下的内容都会保留，连接后一并发送。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>only if the district gave you a file</source>
        <translation>区里给了证书文件时才需要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrollment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+85"/>
        <source>District certificate</source>
        <translation>区平台证书</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>Connecting to the district…</source>
        <translation>正在连接区平台…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The town&apos;s IT person can also prepare this computer from the command line: learning-desk enroll ADDRESS CODE (with --ca-bundle FILE for a district certificate).</source>
        <translation>镇里的信息员也可以用命令行为这台电脑注册：learning-desk enroll 地址 注册码（区里给了证书文件时加上 --ca-bundle 文件）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>If the district wrote its key down for you, compare the two: when they are the same, nobody sat in between.</source>
        <translation>如果区里把密钥写给了您，请对照一下：两者一致，说明中间没有人冒充。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The district server&apos;s key, remembered from now on:</source>
        <translation>区平台的密钥（今后都以它为准）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Type the server address the town gave you.</source>
        <translation>请输入镇里给您的服务器地址。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type the enrollment code the town read out to you.</source>
        <translation>请输入镇里告诉您的注册码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An enrollment code has {n} letters and digits, like ABCDE-23456; this one has {typed}. Check it with the town.</source>
        <translation>注册码由 {n} 个字母和数字组成，例如 ABCDE-23456；您输入了 {typed} 个。请和镇里核对。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is no file {path}.</source>
        <translation>找不到文件 {path}。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>This computer is now connected to {site}. Its first download from the district has started; the bar at the bottom of the window shows how far it got. You can keep working meanwhile.</source>
        <translation>这台电脑已连接到{site}。首次从区平台下载已经开始，窗口底部的进度条显示下载进度。下载期间您可以照常工作。</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <location filename="../../desktop/ui/formatting.py" line="+23"/>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ddd MMM d</source>
        <translation>M月d日 ddd</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ddd MMM d, yyyy</source>
        <translation>yyyy年M月d日 ddd</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>MMM d, yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>(next day)</source>
        <translation>（次日）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Week {week} of {year}: {start} – {end}</source>
        <translation>{year}年第{week}周 {start}–{end}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} min ago</source>
        <translation>{n}分钟前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} h ago</source>
        <translation>{n}小时前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} days ago</source>
        <translation>{n}天前</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&apos;today&apos; HH:mm</source>
        <translation>&apos;今天&apos; HH:mm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>MMM d, HH:mm</source>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>MMM d yyyy, HH:mm</source>
        <translation>yyyy年M月d日 HH:mm</translation>
    </message>
</context>
<context>
    <name>GapList</name>
    <message>
        <location filename="../../desktop/ui/demand/dispatch_tab.py" line="-223"/>
        <source>{n} escalated requests share no meaningful word with any offering on the menu: take them to the departments.</source>
        <translation>{n} 条上报的需求与项目清单中的任何项目都不相符：请提交相关部门研究。</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="-135"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Who</source>
        <translation>办理方</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{step} (superseded)</source>
        <translation>{step}（未生效）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>device {id}</source>
        <translation>设备 {id}</translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message>
        <location filename="../../desktop/services/spreadsheets/importing.py" line="+113"/>
        <source>No column holds the names. Choose it in the column mapping.</source>
        <extracomment>A session made for imported attendance starts at 09:00 and lasts an hour unless the file gives a time.</extracomment>
        <translation>没有找到“姓名”列。请在列对应中选择。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No column holds the category (cadre, teacher or volunteer). Choose it in the column mapping.</source>
        <translation>没有找到“类别”列（管理干部、教师或志愿者）。请在列对应中选择。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No column holds the session dates. Choose it in the column mapping.</source>
        <translation>没有找到“日期”列。请在列对应中选择。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No column holds the course titles. Choose it in the column mapping.</source>
        <translation>没有找到“课程”列。请在列对应中选择。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file has a header but no rows below it.</source>
        <translation>文件只有表头，下面没有数据行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name is empty.</source>
        <translation>姓名为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The category is empty.</source>
        <translation>类别为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The date is empty.</source>
        <translation>日期为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The course is empty.</source>
        <translation>课程为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{value}” is not a date; write it like 2024-03-05 or 2024年3月5日.</source>
        <translation>“{value}”不是日期；请写成 2024-03-05 或 2024年3月5日 这样。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{value}” is not a time of day; write it like 14:30.</source>
        <translation>“{value}”不是时间；请写成 14:30 这样。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{value}” is not a birth year or date of birth; write it like 1956 or 1956-03-01.</source>
        <translation>“{value}”不是出生年份或出生日期；请写成 1956 或 1956-03-01 这样。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{value}” is not an age between 0 and 120.</source>
        <translation>“{value}”不是 0 到 120 之间的年龄。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The ID number was stored as a number and Excel has lost its last digits. Format the column as text and type it again.</source>
        <translation>身份证号被存成了数字，Excel 已丢失最后几位。请把该列设为文本格式后重新输入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{value}” is not a gender; write 男 or 女.</source>
        <translation>“{value}”不是性别；请填“男”或“女”。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{value}” is not a category; write 管理干部, 专职教师, 兼职教师 or 志愿者.</source>
        <translation>“{value}”不是有效类别；请填管理干部、专职教师、兼职教师或志愿者。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{value}” does not say whether the person came; write 是 or 否 (or √ or leave it empty).</source>
        <translation>“{value}”看不出是否出勤；请填“是”或“否”（也可打 √ 或留空）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A total row; skipped.</source>
        <translation>这是合计行，已跳过。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The header repeated; skipped.</source>
        <translation>重复的表头，已跳过。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The same person as row {row}; this row is skipped.</source>
        <translation>与第 {row} 行是同一人，此行已跳过。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The same person at the same session as row {row}; this row is skipped.</source>
        <translation>与第 {row} 行是同一人、同一场次，此行已跳过。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} people called {name} are on the register. Add a phone number or birth year to the row to tell them apart.</source>
        <translation>名册中有 {count} 人叫 {name}。请在此行填上电话或出生年份以便区分。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No resident called {name} is on the register. Import or add the resident first.</source>
        <translation>居民名册中没有 {name}。请先导入或添加该居民。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No course is called “{title}”. Add the course first, then import again.</source>
        <translation>没有名为“{title}”的课程。请先添加该课程，再重新导入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Already on the register: {name}, same name and phone.</source>
        <translation>名册中已有：{name}，姓名和电话相同。</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>“{value}”: {problem}</source>
        <extracomment>A cell&apos;s value and what is wrong with it, in the words the form uses (``problem`` is a message).</extracomment>
        <translation>“{value}”：{problem}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Already on the register: {name}, the only person with this name.</source>
        <translation>名册中已有：{name}，名册中只有一人叫这个名字。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Already on the register: {name} ({reasons}).</source>
        <extracomment>A resident matched; ``reasons`` are the sentences of :mod:`desktop.services.people.duplicates`.</extracomment>
        <translation>已在名册中：{name}（{reasons}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added as a new person, but {name} on the register may be the same ({reasons}). Check before confirming; two records of one person can be merged later.</source>
        <translation>将作为新人员添加，但名册中的{name}可能是同一人（{reasons}）。请在确认前核对；同一人的两条记录以后也可合并。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Already signed in at this session.</source>
        <translation>已在该场次签到。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absent, and never signed in: nothing to record.</source>
        <translation>缺勤，且从未签到：无需记录。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Was signed in; will be marked absent.</source>
        <translation>原已签到，将改为缺勤。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adds the session of {course} on {date}.</source>
        <translation>将新增 {date} 的“{course}”场次。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Someone else called {name} is on the register already.</source>
        <translation>名册中已有另一位同名的 {name}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was imported: the file needs fixing first (see the preview).</source>
        <translation>未导入任何内容：请先修改文件（见预览）。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Name</source>
        <extracomment>Space-separated header texts that name this field, compared without spaces or case.</extracomment>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Birth year or date of birth</source>
        <translation>出生年份或出生日期</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Household</source>
        <translation>所属户</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Skills</source>
        <translation>特长</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Start time</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Present</source>
        <translation>出勤</translation>
    </message>
    <message>
        <location filename="../../desktop/services/tables_io.py" line="+49"/>
        <source>Only .xlsx and .csv files can be imported. Open an .xls file in Excel or WPS and save it as .xlsx first.</source>
        <extracomment>Rows read from one file at most (title and header rows included). A village&apos;s register or three years of its sign-in sheets fit; a bigger file is refused with a sentence, not read half-way. Columns kept per row: a stray cell far to the right must not make every row thousands wide.</extracomment>
        <translation>只能导入 .xlsx 和 .csv 文件。.xls 文件请先用 Excel 或 WPS 打开，另存为 .xlsx。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This file cannot be read as a workbook: it may be damaged, protected by a password, or an old .xls file renamed. Open it in Excel or WPS and save it as .xlsx.</source>
        <translation>无法读取此工作簿：文件可能已损坏、设有密码，或是改了扩展名的旧 .xls 文件。请用 Excel 或 WPS 打开并另存为 .xlsx。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file {name} cannot be opened.</source>
        <translation>无法打开文件 {name}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line {line} of this CSV file is in neither UTF-8 nor GBK. Save the file again as “CSV UTF-8”.</source>
        <translation>此 CSV 文件第 {line} 行既不是 UTF-8 也不是 GBK 编码。请重新另存为“CSV UTF-8”格式。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This file has more than {limit} rows. Please split it into smaller files.</source>
        <translation>此文件超过 {limit} 行。请拆分成几个较小的文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This file has no rows.</source>
        <translation>此文件没有任何数据。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only .xlsx and .csv files can be written; please end the file name with one of them.</source>
        <translation>只能保存为 .xlsx 或 .csv 文件，请让文件名以其中之一结尾。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../desktop/ui/spreadsheets/import_dialog.py" line="-224"/>
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An .xlsx or .csv file</source>
        <translation>.xlsx 或 .csv 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teachers and volunteers</source>
        <translation>师资与志愿者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Past attendance</source>
        <translation>以往签到记录</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It holds</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Which column holds what</source>
        <translation>列对应</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Confirm import</source>
        <translation>确认导入</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Excel or CSV (*.xlsx *.csv)</source>
        <translation>Excel 或 CSV (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{add} to add, {match} already there, {reject} rejected. Nothing is written until you confirm.</source>
        <translation>新增 {add} 条，已存在 {match} 条，拒绝 {reject} 条。确认之前不会写入任何内容。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Imported {n} residents.</source>
        <translation>已导入 {n} 位居民。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imported {n} teachers and volunteers.</source>
        <translation>已导入 {n} 位教师和志愿者。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imported {n} sign-ins.</source>
        <translation>已导入 {n} 条签到记录。</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <location filename="../../desktop/ui/reports/inbox_tab.py" line="-111"/>
        <source>Village</source>
        <extracomment>Report states in the order &quot;most to do&quot; → &quot;done&quot;, for sorting that column.</extracomment>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting to sync</source>
        <translation>待同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This week&apos;s report</source>
        <translation>本周周报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weeks overdue</source>
        <translation>逾期周数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated to the town</source>
        <translation>上报镇街的需求</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The village&apos;s last successful sync with the district</source>
        <translation>该村最近一次与区里同步成功的时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes still waiting on the village&apos;s computer at that sync</source>
        <translation>那次同步时该村电脑上仍待同步的改动数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Past weeks whose report has not been submitted</source>
        <translation>已过去但周报尚未提交的周数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open requests the village passed to the town to organise</source>
        <translation>该村交由镇街组织、尚未办结的需求</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Never</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{n} weeks&apos; reports overdue</source>
        <translation>{n} 周周报逾期未交</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no sync for {ago}</source>
        <translation>上次同步在{ago}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs a call: {reasons}</source>
        <translation>需要打电话：{reasons}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>InboxTab</name>
    <message>
        <location line="+324"/>
        <source>Calls first</source>
        <translation>需打电话的排前面</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to the usual order: the villages that need a phone call on top</source>
        <translation>恢复默认排序：需要打电话的村排在最上面</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Not synced yet: the list shows only what this computer holds.</source>
        <translation>尚未同步：列表只显示本机已有的数据。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data as of {when} (last sync)</source>
        <translation>数据截至 {when}（上次同步）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>; weekly report of {week}: {status}</source>
        <translation>；{week} 那周的周报：{status}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sync bundle from {site}: {sessions} sessions, {marks} attendance marks{reports}. It goes to the district at the next sync.</source>
        <translation>{site}的同步包：{sessions} 场活动、签到 {marks} 人次{reports}。下次同步时转交给区里。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The district&apos;s answer for {site} is waiting: write it to the USB stick with File → Export sync bundle…</source>
        <translation>区里给{site}的回执已到：请用“文件 → 导出同步包…”写到U盘上带回去。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../desktop/ui/formatting.py" line="+17"/>
        <source>Theory outreach</source>
        <translation>理论宣讲</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Education</source>
        <translation>教育服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Culture</source>
        <translation>文化服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Science</source>
        <translation>科技与科普服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health and fitness</source>
        <translation>健康健身服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Safety and law</source>
        <translation>平安法治服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Media</source>
        <translation>全媒体</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not given</source>
        <translation>未填</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cadre</source>
        <translation>管理干部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full-time teacher</source>
        <translation>专职教师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Part-time teacher</source>
        <translation>兼职教师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+35"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location line="-34"/>
        <location line="+30"/>
        <source>Teacher</source>
        <translation>老师</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Training record</source>
        <translation>培训记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+24"/>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Session</source>
        <translation>场次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attendance mark</source>
        <translation>签到记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request</source>
        <translation>需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request progress</source>
        <translation>需求进展</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weekly report</source>
        <translation>周报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conflict</source>
        <translation>冲突记录</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Year of birth</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Household</source>
        <translation>所属户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skills</source>
        <translation>特长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feature course</source>
        <translation>特色课程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>介绍</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start time</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End time</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Headcount</source>
        <translation>到场人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Present</source>
        <translation>是否到场</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Need</source>
        <translation>需求内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number of people</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preferred time</source>
        <translation>希望的时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Week</source>
        <translation>周次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Figures</source>
        <translation>统计数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review comment</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted at</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of training</source>
        <translation>培训日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organiser</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Income</source>
        <translation>脱贫致富</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schooling and jobs</source>
        <translation>就学就业</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health care</source>
        <translation>看病就医</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Housing and elderly care</source>
        <translation>住房养老</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Proposed by a household</source>
        <translation>户提议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collected</source>
        <translation>社收集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village handles it</source>
        <translation>村实施</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Town organises it</source>
        <translation>镇组织</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District coordinates it</source>
        <translation>区统筹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matched</source>
        <translation>已匹配</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="-109"/>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Excellent</source>
        <translation>优秀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dropped next quarter</source>
        <translation>下季度退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not evaluated</source>
        <translation>未测评</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ordered</source>
        <translation>已点单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatched</source>
        <translation>已派单</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/ui/formatting.py" line="+1"/>
        <source>Scheduled</source>
        <translation>已安排</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../desktop/ui/formatting.py" line="+1"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/formatting.py" line="+1"/>
        <source>Evaluated</source>
        <translation>已测评</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Declined</source>
        <translation>已婉拒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports/week_report_tab.py" line="-126"/>
        <source>Not started</source>
        <extracomment>A report&apos;s state in words; &quot;not started&quot; is a week without a report row yet.</extracomment>
        <translation>未开始</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="+145"/>
        <source>Learning Desk</source>
        <translation>学习中心台账</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Sessions and attendance</source>
        <extracomment>How long closing waits for marks still being saved before it counts what is left to send.</extracomment>
        <translation>场次与签到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Courses</source>
        <translation>课程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teachers and volunteers</source>
        <translation>教师与志愿者</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Inbox</source>
        <translation>待办</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weekly report</source>
        <translation>周报</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import from Excel…</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Residents…</source>
        <translation>居民名册…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teachers and volunteers…</source>
        <translation>师资与志愿者…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attendance…</source>
        <translation>签到记录…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sessions…</source>
        <translation>活动场次…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export sync bundle…</source>
        <translation>导出同步包…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import sync bundle…</source>
        <translation>导入同步包…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connect to the district…</source>
        <translation>连接区平台…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export diagnostics…</source>
        <translation>导出诊断信息…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This computer&apos;s own records</source>
        <translation>本机自己的记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The district&apos;s answer for {site}</source>
        <translation>区里给{site}的回执</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+11"/>
        <location line="+27"/>
        <source>Export sync bundle</source>
        <translation>导出同步包</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Which sync bundle?</source>
        <translation>导出哪个同步包？</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+37"/>
        <source>Sync bundle (*{suffix})</source>
        <translation>同步包 (*{suffix})</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>The district&apos;s answer for {site} was saved to {path}. Take it to the village and import it there (File → Import sync bundle…).</source>
        <translation>区里给{site}的回执已保存到 {path}。请把它带到村里，在那里导入（文件 → 导入同步包…）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The sync bundle was saved to {path} ({n} changes). Take it to the town school: its computer sends it to the district at its next sync, and gives you the answer to import here.</source>
        <translation>同步包已保存到 {path}（{n} 项更改）。请把它带到镇社区学校：那里的电脑在下次同步时把它转交给区里，并给您一份回执在这里导入。</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+25"/>
        <source>Import sync bundle</source>
        <translation>导入同步包</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>The sync bundle of {site} is kept ({sessions} sessions, {marks} attendance marks): it goes to the district at this computer&apos;s next sync.</source>
        <translation>已收下{site}的同步包（{sessions} 场活动、签到 {marks} 人次）：本机下次同步时会转交给区里。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This answer was imported before; nothing changed.</source>
        <translation>这份回执以前已经导入过，没有任何改动。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The district&apos;s answer was imported: {sent} changes confirmed, {rejected} refused, {received} received.</source>
        <translation>区里的回执已导入：{sent} 项更改已确认，{rejected} 项被拒绝，收到 {received} 条记录。</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+17"/>
        <location line="+12"/>
        <source>Export diagnostics</source>
        <translation>导出诊断信息</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Zip archive (*.zip)</source>
        <translation>压缩包 (*.zip)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Writing diagnostics…</source>
        <translation>正在生成诊断信息…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Diagnostics saved to {path}.</source>
        <translation>诊断信息已保存到 {path}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The diagnostics were saved to {path}. Send this file to whoever helps you: it holds no residents&apos; names, phones or ID numbers, and no passwords or keys.</source>
        <translation>诊断信息已保存到 {path}。请把这个文件发给帮助您的人：其中没有居民的姓名、电话和身份证号，也没有密码或密钥。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The diagnostics could not be written: {reason}</source>
        <translation>诊断信息没能写入：{reason}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Conflicts ({n})</source>
        <translation>冲突（{n}）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The district refused {n} of the changes sent; the reasons are under Conflicts.</source>
        <translation>区平台拒收了发送的 {n} 条修改，原因见“冲突”页。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The sync bundle of {site} was not accepted: {reason}</source>
        <translation>{site}的同步包未被区里接受：{reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Synced: {sent} sent, {received} received.</source>
        <translation>同步完成：发出 {sent} 条，收到 {received} 条。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Sending the last changes…</source>
        <translation>正在发送最后的修改…</translation>
    </message>
    <message>
        <source>Back up to…</source>
        <translation>备份到…</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>放大文字</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>缩小文字</translation>
    </message>
    <message>
        <source>Normal text size</source>
        <translation>默认文字大小</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <source>About Learning Desk</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Text size: {points} points</source>
        <translation>文字大小：{points} 磅</translation>
    </message>
</context>
<context>
    <name>MenuPage</name>
    <message>
        <location filename="../../desktop/ui/demand/dispatch_tab.py" line="+62"/>
        <source>New offering…</source>
        <translation>新建服务项目…</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../desktop/ui/people/merge_dialog.py" line="+67"/>
        <source>Merge two records of one person</source>
        <extracomment>People listed when choosing the second record: enough to find one, few enough to read.</extracomment>
        <translation>合并同一人的两条记录</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Find the other record: name, pinyin or phone</source>
        <translation>查找另一条记录：姓名、拼音或电话</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Birth year</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Household</source>
        <translation>所属户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID-card number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign-ins</source>
        <translation>签到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests</source>
        <translation>需求</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Choose the record to merge with {name}:</source>
        <translation>选择要与{name}合并的记录：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Likely the same person as {name}; or search for the other record:</source>
        <translation>可能与{name}是同一人；也可以搜索另一条记录：</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Keep record {n}</source>
        <translation>保留记录{n}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(choose above)</source>
        <translation>（请在上方选择）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Choose the other record of this person above.</source>
        <translation>请在上方选出此人的另一条记录。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Record {gone}&apos;s sign-ins ({marks}) and requests ({requests}) move to record {kept} ({name}), which also takes any details it lacks; record {gone} is then removed, and the merge is recorded.</source>
        <translation>记录{gone}的签到 {marks} 条、需求 {requests} 条将转到记录{kept}（{name}）名下，并补上它缺少的信息；随后删除记录{gone}，本次合并会留档。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>born {year}</source>
        <translation>{year}年生</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Merge done: sign-ins moved: {marks}, requests moved: {requests}.</source>
        <translation>合并完成：转移签到 {marks} 条、需求 {requests} 条</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Merged {gone} into {kept}.</source>
        <translation>已将“{gone}”合并到“{kept}”。</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <location filename="../../desktop/ui/models.py" line="+37"/>
        <source>Waiting to sync</source>
        <translation>待同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synced</source>
        <translation>已同步</translation>
    </message>
</context>
<context>
    <name>MyOrdersModel</name>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="+277"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session</source>
        <translation>场次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scores</source>
        <translation>评分数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>MyOrdersPage</name>
    <message>
        <location filename="../../desktop/ui/demand/village_orders.py" line="+124"/>
        <source>Schedule delivery…</source>
        <translation>安排送单…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score…</source>
        <translation>评分…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{n} orders</source>
        <translation>共 {n} 条点单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, {n} dispatched and waiting for a date</source>
        <translation>，{n} 条已派单、待安排时间</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Waiting for the district to dispatch it; the dispatch comes with a sync.</source>
        <translation>等待区里派单；派单结果会随同步传来。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The delivery is in the week&apos;s sessions.</source>
        <translation>送单已排进本周场次。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delivered: now give it your scores.</source>
        <translation>已送达：请为这次服务评分。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The scores are saved.</source>
        <translation>评分已保存。</translation>
    </message>
</context>
<context>
    <name>NewRequestDialog</name>
    <message>
        <location filename="../../desktop/ui/demand/dialogs.py" line="+23"/>
        <source>New request</source>
        <extracomment>What a delivery answers: a matched request or one of the village&apos;s orders.</extracomment>
        <translation>新建需求</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In the resident&apos;s own words, e.g. our pear orchard yields less every year…</source>
        <translation>用群众自己的话写，如：我们村梨园产量一年比一年低……</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Household or group, e.g. Group 3</source>
        <translation>农户或小组，如：三组</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. before the pear harvest</source>
        <translation>如：梨子采摘前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Need</source>
        <translation>需求内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Household</source>
        <translation>所属户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preferred time</source>
        <translation>希望的时间</translation>
    </message>
</context>
<context>
    <name>OfferingDialog</name>
    <message>
        <location line="+226"/>
        <source>New offering</source>
        <translation>新建服务项目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Fruit-tree growing and pruning</source>
        <translation>如：果树栽培与修剪技术培训</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Words people use, e.g. pear pruning pests</source>
        <translation>群众常用的说法，如：梨 修剪 病虫害</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead department</source>
        <translation>牵头部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team</source>
        <translation>服务队伍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What it covers</source>
        <translation>服务内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capacity</source>
        <translation>可服务场次</translation>
    </message>
</context>
<context>
    <name>OfferingsModel</name>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="-121"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead department</source>
        <translation>牵头部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team</source>
        <translation>服务队伍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capacity</source>
        <translation>可服务场次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>On the menu</source>
        <translation>在清单中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dropped</source>
        <translation>已退出</translation>
    </message>
</context>
<context>
    <name>OrderDialog</name>
    <message>
        <location filename="../../desktop/ui/demand/dialogs.py" line="-81"/>
        <source>Order from the menu</source>
        <translation>点单</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>yyyy-MM</source>
        <comment>month of an order</comment>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. most growers are free after the harvest</source>
        <translation>例如：采摘后大部分果农有空</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No request</source>
        <translation>不对应需求</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For request</source>
        <translation>对应需求</translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="+17"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>yyyy-MM</source>
        <comment>month of an order</comment>
        <translation>yyyy年M月</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <location filename="../../desktop/ui/demand/dispatch_tab.py" line="-47"/>
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Orders waiting to be dispatched</source>
        <translation>待派单的点单</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Dispatched “{title}” to {village}.</source>
        <translation>已向{village}派单“{title}”。</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <location filename="../../desktop/services/reports/overview.py" line="+53"/>
        <source>“{text}” is not a period: write a week as 2026-W48, a month as 2026-11, a quarter as 2026-Q4 or a year as 2026.</source>
        <extracomment>Person-times of sessions whose course is unknown here (not synced yet) or has no platform. Weeks a week&apos;s trend shows: the week chosen and the ones before it.</extracomment>
        <translation>“{text}”不是统计期间：周写作 2026-W48，月写作 2026-11，季度写作 2026-Q4，年写作 2026。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is no site {site} on this computer (sync first, or check the id).</source>
        <translation>本机没有站点 {site}（请先同步，或核对编号）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The site {site} is not below this computer&apos;s site, so its figures are not here.</source>
        <translation>站点 {site} 不在本机站点之下，本机没有它的数据。</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <location filename="../../desktop/ui/reports/overview_tab.py" line="+30"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Previous period</source>
        <translation>上一期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next period</source>
        <translation>下一期</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Towns and villages…</source>
        <translation>镇街与村（社区）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By platform…</source>
        <translation>按平台…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feature courses…</source>
        <translation>特色课程…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trend…</source>
        <translation>趋势…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weekly reports…</source>
        <translation>周报上报情况…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Work brief…</source>
        <translation>工作简报…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the chosen village&apos;s one-page brief of the week as a PDF</source>
        <translation>将所选村本周的一页工作简报保存为 PDF</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Period:</source>
        <translation>统计期间：</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+112"/>
        <location line="+99"/>
        <location line="+16"/>
        <location line="+21"/>
        <source>Person-times</source>
        <translation>人次</translation>
    </message>
    <message>
        <location line="-247"/>
        <source>Person-times by platform</source>
        <translation>七大平台人次</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>MMMM yyyy</source>
        <comment>a month, as QLocale writes dates</comment>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Q{quarter} {year}</source>
        <translation>{year}年第{quarter}季度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{year}</source>
        <translation>{year}年</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The overview could not be counted.</source>
        <translation>总览统计失败。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Town / village</source>
        <translation>镇街 / 村（社区）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+100"/>
        <location line="+37"/>
        <source>Sessions</source>
        <translation>场次</translation>
    </message>
    <message>
        <location line="-135"/>
        <source>People reached</source>
        <translation>覆盖人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feature courses (person-times)</source>
        <translation>特色课程人次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports on time</source>
        <translation>周报按时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late</source>
        <translation>迟交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing</source>
        <translation>未交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reported</source>
        <translation>上报率</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{name} (own sessions)</source>
        <translation>{name}（本级）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>MMM</source>
        <comment>a month on the trend&apos;s axis</comment>
        <translation>M月</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>per week</source>
        <translation>（按周）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>per month</source>
        <translation>（按月）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person-times {unit}</source>
        <translation>人次{unit}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+12"/>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+30"/>
        <source>Saved {file}</source>
        <translation>已保存 {file}</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+13"/>
        <source>Work brief</source>
        <translation>工作简报</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Save work brief</source>
        <translation>保存工作简报</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The brief could not be saved to {path}. Choose another folder.</source>
        <translation>简报无法保存到 {path}，请另选文件夹。</translation>
    </message>
</context>
<context>
    <name>PhotosButton</name>
    <message>
        <location filename="../../desktop/ui/week/photos_dialog.py" line="+343"/>
        <source>Photos of the class and scans of the signed sign-in sheet.</source>
        <translation>活动照片和签好的签到表扫描件。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Photos ({n})…</source>
        <translation>照片（{n}）…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Photos…</source>
        <translation>照片…</translation>
    </message>
</context>
<context>
    <name>PhotosDialog</name>
    <message>
        <location line="-263"/>
        <source>Photos and scans</source>
        <extracomment>Thumbnail edge in pixels: big enough to tell a signed sheet from a class photo at a glance. The roles that hold an item&apos;s attachment id and kind. What Pillow reads without plugins; HEIC from some phones is not among them, so it is not offered. Whether the session&apos;s week is approved (locked): nothing here can change.</extracomment>
        <translation>照片和扫描件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{course} · {date}</source>
        <translation>{course} · {date}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Keep the signed sign-in sheet and a photo or two of the class with the session: they are shrunk before they are stored, and the weekly work brief shows some.</source>
        <translation>把签好的签到表和一两张活动照片存到本场活动里：保存前会自动压缩，工作简报也会选用几张。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No photos or scans yet for this session.</source>
        <translation>本场活动还没有照片或扫描件。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Caption for the files added next (optional)</source>
        <translation>接下来添加的图片的说明（可不填）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add sign-in sheet scans…</source>
        <translation>添加签到表扫描件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Sign-in sheet scan</source>
        <translation>签到表扫描件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Class photo</source>
        <translation>活动照片</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add sign-in sheet scans</source>
        <translation>添加签到表扫描件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Images ({patterns})</source>
        <translation>图片（{patterns}）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{file}: the file could not be read.</source>
        <translation>{file}：文件无法读取。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{file}: {problem}</source>
        <translation>{file}：{problem}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Delete photo</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete this sign-in sheet scan from the session? Other computers lose it at their next sync.</source>
        <translation>从本场活动中删除这张签到表扫描件？其他电脑下次同步时也会删除。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete this photo from the session? Other computers lose it at their next sync.</source>
        <translation>从本场活动中删除这张照片？其他电脑下次同步时也会删除。</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../desktop/ui/spreadsheets/import_dialog.py" line="-195"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What happens</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Who</source>
        <translation>对象</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already there</source>
        <translation>已存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>拒绝</translation>
    </message>
</context>
<context>
    <name>QuarterModel</name>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="+146"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluations</source>
        <translation>测评次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Town</source>
        <translation>镇街</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Residents</source>
        <translation>群众</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Residents scoring</source>
        <translation>群众评分人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Combined</source>
        <translation>综合得分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{verdict} (confirmed)</source>
        <translation>{verdict}（已确认）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Not every level has scored yet: the others&apos; weights are shared.</source>
        <translation>尚有层级未评分：其权重由已评分的层级分担。</translation>
    </message>
</context>
<context>
    <name>QuarterPage</name>
    <message>
        <location filename="../../desktop/ui/demand/dispatch_tab.py" line="+49"/>
        <source>Combined = town 30% + village 30% + residents 40%; 80 or above is excellent, under 60 leaves next quarter&apos;s menu once the district confirms.</source>
        <translation>综合得分 = 镇街 30% + 村 30% + 群众 40%；80分及以上为优秀，60分以下经区里确认后退出下季度项目清单。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Confirm dropped</source>
        <translation>确认退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export .xlsx…</source>
        <translation>导出 .xlsx…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{year} Q{n}</source>
        <translation>{year}年第{n}季度</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{excellent} excellent, {dropped} dropped</source>
        <translation>优秀 {excellent} 项，退出 {dropped} 项</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{n} projects leave next quarter&apos;s menu; their scores stay.</source>
        <translation>{n} 个项目退出下季度项目清单；评分记录保留。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Could not export: {reason}</source>
        <translation>无法导出：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export the evaluation table</source>
        <translation>导出测评表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluation {quarter}.xlsx</source>
        <translation>满意度测评 {quarter}.xlsx</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="+46"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RejectionsModel</name>
    <message>
        <location filename="../../desktop/ui/syncing/models.py" line="+39"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason given by the district</source>
        <translation>区平台给出的原因</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="-350"/>
        <source>Opened</source>
        <translation>提出时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Need</source>
        <translation>需求内容</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{when} (overdue)</source>
        <translation>{when}（已超期）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>[Urgent] </source>
        <translation>【紧急】</translation>
    </message>
</context>
<context>
    <name>RequestsTab</name>
    <message>
        <location filename="../../desktop/ui/demand/requests_tab.py" line="+84"/>
        <source>Escalated to me</source>
        <extracomment>A change to any of these can change what the tab shows. The tab&apos;s title with the count of requests waiting here, for the main window&apos;s tab bar.</extracomment>
        <translation>上报到本镇的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Villages&apos; requests in progress</source>
        <translation>各村办理中的需求</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Requests in progress</source>
        <translation>办理中的需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All requests</source>
        <translation>全部需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New request…</source>
        <translation>新建需求…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Why (kept in the history), e.g. needs a fruit expert</source>
        <translation>原因（记入办理记录），如：需要果树专家</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Schedule delivery…</source>
        <translation>安排送单…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score…</source>
        <translation>评分…</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+127"/>
        <source>Request</source>
        <translation>需求</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>History</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Service menu</source>
        <translation>服务项目清单</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+58"/>
        <source>My orders</source>
        <translation>我的点单</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Take it up</source>
        <translation>镇里承接</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Escalate to the town</source>
        <translation>上报镇街</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Collected</source>
        <translation>社收集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The village handles it</source>
        <translation>村里实施</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalate to the district</source>
        <translation>上报区里</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled</source>
        <translation>已安排</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluation done</source>
        <translation>测评完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decline</source>
        <translation>婉拒</translation>
    </message>
    <message>
        <location line="-27"/>
        <location line="+33"/>
        <source>Requests</source>
        <translation>需求</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{n} requests</source>
        <translation>{n} 条需求</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, {n} open more than {days} days</source>
        <translation>，{n} 条已超过 {days} 天未办结</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Choose a request to see its history and next steps.</source>
        <translation>选择一条需求，查看办理记录和下一步。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Request: {status}</source>
        <translation>需求：{status}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} people</source>
        <translation>{n} 人</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>preferred: {when}</source>
        <translation>希望时间：{when}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>offering: {title}</source>
        <translation>服务项目：{title}</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Done: the request is now “{status}”.</source>
        <translation>已办理：需求现为“{status}”。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The delivery is in the week&apos;s sessions.</source>
        <translation>送单已排入本周活动。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The scores are saved.</source>
        <translation>评分已保存。</translation>
    </message>
    <message>
        <source>No requests here. The villages&apos; requests that need the town come here with a sync; take one up, or escalate it to the district when the town cannot organise it.</source>
        <translation>这里没有需求。需要镇街办理的村（社区）需求会在同步后出现在这里；可以接手办理，镇街办不了的再上报区里。</translation>
    </message>
    <message>
        <source>No requests here yet. A request is something residents ask the learning centre for: a course, a skill, help with a problem. Record the first with New request…; then follow it step by step until it is delivered and scored.</source>
        <translation>这里还没有需求。需求是居民向学习中心提出的要求：想上的课、想学的技能、想解决的困难。点“新建需求…”记下第一条，然后一步步跟进，直到送达并评分。</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <location filename="../../desktop/ui/people/dialogs.py" line="+85"/>
        <source>Edit resident</source>
        <extracomment>True when the user took an existing resident instead of saving this form.</extracomment>
        <translation>修改居民信息</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not given</source>
        <translation>未填</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mobile or landline, digits only</source>
        <translation>手机或座机号码，只填数字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Group 3</source>
        <translation>例如：三组</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the stored ID-card number from this record</source>
        <translation>从这条记录中清除已登记的身份证号</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{masked} (type to replace, leave empty to keep)</source>
        <translation>{masked}（输入新号码可替换，留空则保持不变）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Optional, 18 characters</source>
        <translation>选填，18位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Separate tags with commas, e.g. elderly, farmer</source>
        <translation>多个标签用逗号隔开，例如：老年人，种植户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Birth year</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Household</source>
        <translation>所属户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID-card number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ResidentsModel</name>
    <message>
        <location filename="../../desktop/ui/people/models.py" line="+66"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Born</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Household</source>
        <translation>所属户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
</context>
<context>
    <name>ResidentsTab</name>
    <message>
        <location filename="../../desktop/ui/people/residents_tab.py" line="+42"/>
        <source>Search by name, pinyin, initials or phone</source>
        <translation>按姓名、拼音、首字母或电话查找</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New resident…</source>
        <translation>新增居民…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge…</source>
        <translation>合并…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select the two records of one person (or one, then find the other)</source>
        <translation>选中同一人的两条记录（或选中一条，再查找另一条）</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>{n} residents found</source>
        <translation>找到 {n} 位居民</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>More than {n} residents found</source>
        <translation>找到超过 {n} 位居民</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>{n} residents on the register</source>
        <translation>名册共 {n} 位居民</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../desktop/ui/reports/inbox_tab.py" line="-308"/>
        <source>Choose a village to review its weekly report.</source>
        <translation>选择一个村，审核它的周报。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>◀ Previous week</source>
        <translation>◀ 上一周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next week ▶</source>
        <translation>下一周 ▶</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept the week; it is locked until the town reopens it.</source>
        <translation>通过本周周报；通过后本周锁定，镇街重新打开前不能修改。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Double-click a session to see who was signed in.</source>
        <translation>双击场次查看签到名单。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>The village&apos;s remark: {remark}</source>
        <translation>村里的备注：{remark}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Returned with: {comment}</source>
        <translation>已退回，意见：{comment}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Earlier comment: {comment}</source>
        <translation>此前的审核意见：{comment}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>submitted as “no activity”</source>
        <translation>按“本周无活动”提交</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sessions of this week ({n}); double-click one to see who came</source>
        <translation>本周场次（{n}）；双击查看签到名单</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Approved: the week is locked. It goes to the village with the next sync.</source>
        <translation>已通过：本周已锁定。下次同步时送达村里。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Returned to the village with your comment.</source>
        <translation>已连同审核意见退回村里。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reopened: the village can correct the week and resubmit.</source>
        <translation>已重新打开：村里可以修改本周记录后重新提交。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Return to the village</source>
        <translation>退回村里</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What needs correcting? The village sees this with the returned week.</source>
        <translation>需要改正什么？村里会在退回的周报上看到这段意见。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reopen the week</source>
        <translation>重新打开本周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why is the week reopened? The village sees this with the reopened week.</source>
        <translation>为什么重新打开？村里会在重新打开的周报上看到这段说明。</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <location filename="../../desktop/ui/week/models.py" line="-80"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Household</source>
        <translation>所属户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <location filename="../../desktop/ui/demand/dialogs.py" line="-162"/>
        <source>Schedule delivery</source>
        <translation>安排送单</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>yyyy-MM-dd, ddd</source>
        <translation>yyyy年M月d日 ddd</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>e.g. the village activity room</source>
        <translation>如：村活动室</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The district has not dispatched this order yet: it can be scheduled once the dispatch arrives with a sync.</source>
        <translation>区里还没有派单：派单随同步传来后才能安排送单。</translation>
    </message>
</context>
<context>
    <name>ScoreDialog</name>
    <message>
        <location line="+38"/>
        <source>Score the delivery</source>
        <translation>送单满意度评分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. 90 85 78 (one score per resident)</source>
        <translation>如：90 85 78（每位群众一个分数）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Town&apos;s score</source>
        <translation>镇街评分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Village&apos;s score</source>
        <translation>村评分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Residents&apos; scores</source>
        <translation>群众评分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scores run from 0 to 100: 80 or above is excellent, under 60 fails.</source>
        <translation>评分为 0 到 100 分：80分及以上为优秀，60分以下为不合格。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not scored</source>
        <translation>未评分</translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <location filename="../../desktop/ui/week/dialogs.py" line="-205"/>
        <source>Edit session</source>
        <translation>修改场次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New session</source>
        <translation>新建场次</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>yyyy-MM-dd, ddd</source>
        <translation>yyyy年M月d日 ddd</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+160"/>
        <source>Type the time as 14:00 or 1400.</source>
        <translation>请按 14:00 或 1400 的样子填写时间。</translation>
    </message>
    <message>
        <location line="-153"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(no teacher)</source>
        <translation>（不指定老师）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What this session was about (optional)</source>
        <translation>本场活动的内容（可不填）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Headcount only (no sign-in list)</source>
        <translation>只记人数（不逐人签到）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For a big open event where names are not taken: enter how many came.</source>
        <translation>适用于不逐人签到的大型活动：填写到场人数即可。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> people</source>
        <translation> 人</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teacher</source>
        <translation>授课老师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attendance</source>
        <translation>签到方式</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>(deleted course)</source>
        <translation>（课程已删除）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(deleted teacher)</source>
        <translation>（老师已删除）</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Choose a course (add courses on the Courses tab first).</source>
        <translation>请选择课程（如果还没有，请先在“课程”页添加）。</translation>
    </message>
</context>
<context>
    <name>SignInSheet</name>
    <message>
        <location filename="../../desktop/ui/week/sign_in_sheet.py" line="+134"/>
        <location line="+181"/>
        <location line="+24"/>
        <source>Sign-in sheet</source>
        <extracomment>Blank rows after the names, at the least, for people who come without being expected.</extracomment>
        <translation>签到表</translation>
    </message>
    <message>
        <location line="-189"/>
        <source>Course: {course}</source>
        <translation>课程：{course}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Teacher: {teacher}</source>
        <translation>授课教师：{teacher}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Place: {place}</source>
        <translation>地点：{place}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topic: {topic}</source>
        <translation>主题：{topic}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date: {when}</source>
        <translation>时间：{when}</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Present: {n}&#x3000;Recorded by: __________</source>
        <translation>实到 {n} 人&#x3000;记录人：__________</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Present: ______&#x3000;Recorded by: __________</source>
        <translation>实到 ______ 人&#x3000;记录人：__________</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Expected: {n}&#x3000;Present: ______&#x3000;Recorded by: __________</source>
        <translation>应到 {n} 人&#x3000;实到 ______ 人&#x3000;记录人：__________</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>present</source>
        <extracomment>What a file name adds for each kind of sheet, after the date (the expected roster adds nothing).</extracomment>
        <translation>已到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>blank</source>
        <translation>空白</translation>
    </message>
</context>
<context>
    <name>SignInSheetButton</name>
    <message>
        <location line="+37"/>
        <source>Sign-in sheet…</source>
        <extracomment>Where the last PDF was saved (for the note on screen and for tests). The folder the next save starts in: Documents, then wherever the user last saved. Opens a saved sheet in the system&apos;s viewer (tests put a recorder here). The question after a save, while it is shown (for tests).</extracomment>
        <translation>签到表…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A paper sheet for the session: the expected names and blank rows for newcomers, only those who came, or blank rows only.</source>
        <translation>这一场的纸质签到表：可以印预计来的人的名字并留出空行给新来的人，也可以只印已到的人，或者只印空行。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Expected names and blank rows…</source>
        <translation>预计名单加空行…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only those who came…</source>
        <translation>只印已到的人…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blank rows only…</source>
        <translation>只印空行…</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+5"/>
        <location line="+30"/>
        <location line="+15"/>
        <location line="+33"/>
        <source>Sign-in sheet</source>
        <translation>签到表</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>Nobody is signed in at this session yet, so there is no list of those who came. Sign them in first, or print blank rows.</source>
        <translation>这一场还没有人签到，所以没有已到名单。请先签到，或者印空白签到表。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save sign-in sheet</source>
        <translation>保存签到表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The sheet could not be saved to {path}. Choose another folder.</source>
        <translation>签到表无法保存到 {path}，请选择其他文件夹。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The sign-in sheet was saved to {path}.</source>
        <translation>签到表已保存到 {path}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open it</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Print sign-in sheet</source>
        <translation>打印签到表</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The printer could not be opened.</source>
        <translation>无法连接打印机。</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../desktop/app.py" line="+60"/>
        <source>Learning Desk cannot write to its data folder {path}. Please choose another folder (--data-dir) or ask someone to fix the folder&apos;s permissions.</source>
        <translation>无法写入数据文件夹 {path}。请换一个文件夹（--data-dir），或请人修改这个文件夹的权限。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file {path} is damaged or is not a Learning Desk database. It has been left as it is; please ask for help before deleting or replacing it.</source>
        <translation>文件 {path} 已损坏，或者不是本软件的数据库。文件没有被改动；删除或替换之前，请先找人帮忙。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The records in {path} were made by a newer version of Learning Desk. Please update the app; the records have been left as they are.</source>
        <translation>{path} 中的记录是用更新版本的本软件建立的。请先升级软件；记录没有被改动。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learning Desk cannot open its records in {path}. They have been left as they are.</source>
        <translation>无法打开 {path} 中的记录。记录没有被改动。</translation>
    </message>
    <message>
        <location line="+69"/>
        <location line="+83"/>
        <source>Learning Desk</source>
        <translation>学习中心台账</translation>
    </message>
</context>
<context>
    <name>SuggestionsModel</name>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="+62"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why it fits</source>
        <translation>相符原因</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <location filename="../../desktop/sync/errors.py" line="+40"/>
        <source>This computer is offline. Your records are safe and will be sent later.</source>
        <translation>这台电脑没有联网。记录都保存在本机，下次同步时再发送。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The district server cannot be reached ({detail}). Your records are safe and will be sent later.</source>
        <translation>连接不上区服务器（{detail}）。记录都保存在本机，下次同步时再发送。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The district server did not answer in time. Your records are safe and will be sent later.</source>
        <translation>区服务器没有及时回应。记录都保存在本机，下次同步时再发送。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The district no longer accepts this computer. Please ask the district office for a new enrollment code.</source>
        <translation>区平台已不再接受这台电脑。请向区里重新申请注册码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This version of Learning Desk is too old for the district server. Please update the app.</source>
        <translation>软件版本太旧，区服务器已不支持。请升级软件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The district server had a problem ({detail}). Your records are safe; try again later.</source>
        <translation>区服务器出了问题（{detail}）。记录都保存在本机，请稍后再试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>That server belongs to another district, not to the one this computer is enrolled with.</source>
        <translation>这台服务器属于另一个区，不是这台电脑加入的区平台。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This computer is not yet connected to a district; enroll it first.</source>
        <translation>这台电脑还没有加入区平台，请先注册。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The enrollment code is wrong or has already been used.</source>
        <translation>注册码不对，或者已经被用过了。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The enrollment code has expired; ask the district for a new one.</source>
        <translation>注册码已过期，请向区里要一个新的。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too many wrong enrollment codes were tried from this computer; wait ten minutes and check the code with the district.</source>
        <translation>这台电脑试错注册码的次数太多，请等十分钟，并向区里核对注册码。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No password store (keyring) is available to keep this computer&apos;s key. On a Linux machine without a desktop, set PYTHON_KEYRING_BACKEND (see the README).</source>
        <translation>没有可用的密码库（keyring）来保存这台电脑的密钥。在没有桌面的 Linux 电脑上，请设置 PYTHON_KEYRING_BACKEND（见 README）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The district server refused the changes this computer sent ({detail}). They are kept on this computer; press Sync to try again, and tell the district office if this happens again.</source>
        <translation>区服务器拒收了这台电脑发送的修改（{detail}）。这些修改仍保存在本机；请点“立即同步”再试，如果再次出现，请告诉区里的工作人员。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The district server sent an answer this app cannot read ({detail}).</source>
        <translation>区服务器返回的内容本软件无法识别（{detail}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&quot;{detail}&quot; is not a server address. Copy it exactly as the district wrote it, starting with https://.</source>
        <translation>“{detail}”不是区平台的地址。请按区里给的地址原样填写，以 https:// 开头。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The address {detail} is not encrypted (http://), so residents&apos; records could be read on the way. Ask the district for its https:// address.</source>
        <translation>地址 {detail} 没有加密（http://），居民信息在传送途中可能被人看到。请向区里要 https:// 开头的地址。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The district server&apos;s key is not the one this computer enrolled with, so nothing was sent: another machine may be pretending to be the server. Tell the district office; if the district really changed its key, it will give you a new enrollment code.</source>
        <translation>区平台的密钥和本机注册时的不一样，所以什么都没有发送：可能有别的机器在冒充区平台。请告诉区里；如果区里确实换了密钥，区里会给您新的注册码。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The district server cannot be reached. Your records are safe and will be sent later.</source>
        <extracomment>The sentences above whose detail may be English only, as a translated window says them.</extracomment>
        <translation>连接不上区服务器。记录都保存在本机，下次同步时再发送。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The district server had a problem. Your records are safe; try again later.</source>
        <translation>区服务器出了问题。记录都保存在本机，请稍后再试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The district server refused the changes this computer sent. They are kept on this computer; press Sync to try again, and tell the district office if this happens again.</source>
        <translation>区服务器拒收了这台电脑发送的修改。这些修改仍保存在本机；请点“立即同步”再试，如果再次出现，请告诉区里的工作人员。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The district server sent an answer this app cannot read.</source>
        <translation>区服务器返回的内容本软件无法识别。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the server did not accept the connection</source>
        <extracomment>Why a connection failed, by the names the transport gives (``transport._reason``); these names are also kept with the last failure, so they stay as they are.</extracomment>
        <translation>服务器没有接受连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the server&apos;s name was not found: check the address and the network</source>
        <translation>找不到服务器的名称，请检查地址和网络</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>there is no network route to the server</source>
        <translation>网络通不到服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connection took too long</source>
        <translation>连接等待时间太长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connection was cut off</source>
        <translation>连接中途断开了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the server&apos;s certificate was not accepted</source>
        <translation>服务器的证书未被接受</translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <location filename="../../desktop/ui/syncing/sync_bar.py" line="-26"/>
        <source>no connection, will try again by itself</source>
        <extracomment>What the status bar says while a failure that mends itself lasts: one short sentence each.</extracomment>
        <translation>没有联网，稍后会自动重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>district server not reachable, will try again by itself</source>
        <translation>连不上区服务器，稍后会自动重试</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>district server too slow to answer, will try again by itself</source>
        <translation>区服务器响应太慢，稍后会自动重试</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>district server has a problem, will try again by itself</source>
        <translation>区服务器出了问题，稍后会自动重试</translation>
    </message>
    <message>
        <location line="+290"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location line="-112"/>
        <source>Everything is synced</source>
        <extracomment>Opens the first-run window (see :meth:`set_enroll`); None where the window offers none.</extracomment>
        <translation>全部已同步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 change waiting to sync</source>
        <translation>1 条记录待同步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} changes waiting to sync</source>
        <translation>{n} 条记录待同步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not connected to a district yet</source>
        <translation>尚未加入区平台</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>last synced {when}</source>
        <translation>上次同步 {when}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>sync failed, automatic sync paused</source>
        <translation>同步失败，自动同步已暂停</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>last sync failed</source>
        <translation>上次同步失败</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{n} days</source>
        <translation> {n} 天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} hours</source>
        <translation> {n} 小时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} minutes</source>
        <translation> {n} 分钟</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your computer&apos;s date is wrong: it is {amount} behind. Please correct the date and time.</source>
        <translation>您电脑的日期不对：慢了{amount}。请改正电脑的日期和时间。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your computer&apos;s date is wrong: it is {amount} ahead. Please correct the date and time.</source>
        <translation>您电脑的日期不对：快了{amount}。请改正电脑的日期和时间。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Downloading this computer&apos;s records again: {n} received</source>
        <translation>正在重新下载本机的记录：已接收 {n} 条</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>First download from the district: {n} records received</source>
        <translation>首次从区平台下载：已收到 {n} 条记录</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Syncing: {sent} of {to_send} changes sent</source>
        <translation>正在同步：已发送 {sent}/{to_send} 条修改</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Syncing: fetching what is new</source>
        <translation>正在同步：接收新的记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} received</source>
        <translation>已接收 {n} 条</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{sent} sent · {received} received</source>
        <translation>已发送 {sent} · 已接收 {received}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>1 conflict to look at</source>
        <translation>1 个冲突待处理</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} conflicts to look at</source>
        <translation>{n} 个冲突待处理</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Connect to the district…</source>
        <translation>连接区平台…</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+1"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location line="-301"/>
        <source>The sync stopped because of an unexpected problem (details are in the log). Your records are safe.</source>
        <translation>同步因意外问题中断（详情已写入日志）。记录都保存在本机。</translation>
    </message>
</context>
<context>
    <name>TaughtSessionsModel</name>
    <message>
        <location filename="../../desktop/ui/people/teacher_models.py" line="+69"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Person-times</source>
        <translation>人次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Course</source>
        <translation>课程</translation>
    </message>
</context>
<context>
    <name>TeacherDialog</name>
    <message>
        <location filename="../../desktop/ui/people/dialogs.py" line="+84"/>
        <source>Edit teacher or volunteer</source>
        <translation>修改教师或志愿者</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New teacher or volunteer</source>
        <translation>新建教师或志愿者</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Mobile or landline, digits only</source>
        <translation>手机或座机号码，只填数字</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. intangible-heritage inheritor, grass-linen weaving</source>
        <translation>例如：非遗传承人、夏布编织</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skills</source>
        <translation>特长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>TeachersModel</name>
    <message>
        <location filename="../../desktop/ui/people/teacher_models.py" line="-33"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skills</source>
        <translation>特长</translation>
    </message>
</context>
<context>
    <name>TeachersTab</name>
    <message>
        <location filename="../../desktop/ui/people/teachers_tab.py" line="+60"/>
        <source>Search by name, pinyin, initials or phone</source>
        <translation>按姓名、拼音、首字母或电话查找</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+120"/>
        <source>Sessions taught</source>
        <translation>授课场次</translation>
    </message>
    <message>
        <location line="-114"/>
        <source>Add training…</source>
        <translation>添加培训记录…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+196"/>
        <location line="+8"/>
        <source>Delete training</source>
        <translation>删除培训记录</translation>
    </message>
    <message>
        <location line="-203"/>
        <location line="+113"/>
        <source>Training records</source>
        <translation>培训记录</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>{n} teachers and volunteers found</source>
        <translation>找到教师与志愿者 {n} 人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} teachers and volunteers on the register</source>
        <translation>登记在册的教师与志愿者 {n} 人</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This centre in {year}</source>
        <translation>本中心 {year} 年</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training rate: no teachers on the register yet.</source>
        <translation>培训率：名册中还没有教师。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Training rate: {percent}% ({trained} of {teachers} teachers and volunteers trained this year)</source>
        <translation>培训率：{percent}%（今年已培训 {trained} 人，共 {teachers} 名教师与志愿者）</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Sessions taught by {name} ({n})</source>
        <translation>{name} 的授课场次（{n} 场）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training records of {name}</source>
        <translation>{name} 的培训记录</translation>
    </message>
    <message>
        <location line="+41"/>
        <location line="+11"/>
        <source>Delete teacher</source>
        <translation>删除教师</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Take {name} off the register, with their training records? The sessions they taught stay as they are.</source>
        <translation>将 {name} 从名册中删除，连同其培训记录？其授课的场次保持不变。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Delete the training record “{title}”?</source>
        <translation>删除培训记录“{title}”？</translation>
    </message>
</context>
<context>
    <name>TrainingDialog</name>
    <message>
        <location filename="../../desktop/ui/people/dialogs.py" line="+44"/>
        <source>Edit training of {name}</source>
        <translation>修改 {name} 的培训记录</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Training of {name}</source>
        <translation>{name} 的培训记录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>yyyy-MM-dd, ddd</source>
        <translation>yyyy年M月d日 ddd</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Community education teacher training</source>
        <translation>例如：社区教育师资培训</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> hours</source>
        <translation> 学时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. the district community college</source>
        <translation>例如：区社区学院</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>培训名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organiser</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>TrainingsModel</name>
    <message>
        <location filename="../../desktop/ui/people/teacher_models.py" line="+58"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organiser</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Training</source>
        <translation>培训名称</translation>
    </message>
</context>
<context>
    <name>UndoNotice</name>
    <message>
        <location filename="../../desktop/ui/undoing.py" line="+64"/>
        <source>Undo</source>
        <extracomment>How long the notice stays: long enough to read a sentence and reach for 撤销. How many bulk actions Ctrl+Z can still take back, latest first.</extracomment>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take this back (Ctrl+Z)</source>
        <translation>撤销这一步（Ctrl+Z）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../../desktop/services/errors.py" line="+16"/>
        <source>This field is required.</source>
        <translation>这一项必须填写。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At most {limit} characters, please.</source>
        <translation>最多只能填 {limit} 个字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The session must end after it starts.</source>
        <translation>结束时间必须晚于开始时间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The date {date} is not plausible; please check it.</source>
        <translation>日期 {date} 不太对，请检查。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The birth year {year} is in the future.</source>
        <translation>出生年份 {year} 晚于今年，请检查。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The birth year {year} is too long ago.</source>
        <translation>出生年份 {year} 太早了，请检查。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A phone number has digits only (an 11-digit mobile or a landline with area code).</source>
        <translation>电话号码只能填数字（11 位手机号，或带区号的座机号）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This text contains invisible control characters; please type it again.</source>
        <translation>这段文字里有看不见的控制字符，请重新输入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Please choose one of the listed values.</source>
        <translation>请从列表中选择。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The headcount must be between 0 and {limit}.</source>
        <translation>人数应在 0 到 {limit} 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That course does not exist (it may have been deleted).</source>
        <translation>这门课程不存在（可能已被删除）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That teacher does not exist (it may have been deleted).</source>
        <translation>这位老师不存在（可能已被删除）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That resident does not exist (they may have been deleted).</source>
        <translation>这位居民不存在（可能已被删除）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That session does not exist (it may have been deleted).</source>
        <translation>这个场次不存在（可能已被删除）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This session records a headcount only; switch it to a sign-in list first.</source>
        <translation>本场次只记人数，请先改为逐人签到。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This record belongs to another site (for example a course the district published); it can only be changed there.</source>
        <translation>这条记录属于其他站点（例如区里发布的课程），只能在那里修改。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This computer is not yet connected to a district; enroll it first.</source>
        <translation>这台电脑还没有加入区平台，请先注册。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/syncing/conflicts.py" line="+27"/>
        <source>That conflict no longer exists.</source>
        <translation>这条冲突记录已经不存在了。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The record of that conflict no longer exists.</source>
        <translation>这条冲突涉及的记录已经不存在了。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/demand/requests.py" line="+24"/>
        <source>That request does not exist.</source>
        <extracomment>The most characters a person may type in each field (one table for laptop and server).</extracomment>
        <translation>这条需求不存在。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This request cannot take that step from where it is now.</source>
        <translation>这条需求目前所处的环节不能走这一步。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This step is taken at another level, not here.</source>
        <translation>这一步应由其他层级办理，不在本级办理。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/people/merges.py" line="+38"/>
        <source>A record cannot be merged with itself.</source>
        <translation>不能把一条记录和它自己合并。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This person was signed in during the week of {date}, which the town approved and locked. Ask the town to reopen it before merging.</source>
        <translation>此人在{date}这一周有签到，该周已由镇里审核通过并锁定。请先请镇里重新打开，再合并。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/people/personal_data.py" line="+25"/>
        <source>An ID-card number has 18 characters: 17 digits and a final digit or X.</source>
        <translation>身份证号共18位：前17位是数字，最后一位是数字或X。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This ID-card number does not add up (its last character is wrong); please check it.</source>
        <translation>这个身份证号校验不通过（最后一位不对），请核对。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The date of birth in this ID-card number is not a real date.</source>
        <translation>这个身份证号里的出生日期不是有效日期。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ID-card numbers can be recorded once this computer is connected to the district; sync or enroll first.</source>
        <translation>这台电脑接入区里之后才能登记身份证号，请先同步或注册。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The ID-card number says born in {id_year}, but the birth year says {year}.</source>
        <translation>身份证号显示出生于{id_year}年，但出生年份填的是{year}年。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/people/trainings.py" line="+39"/>
        <source>The hours must be between 0 and {limit}.</source>
        <extracomment>The most characters a person may type in each field (one table for laptop and server). A training longer than this is a typing slip (a year-long course is recorded by its hours taught).</extracomment>
        <translation>学时应在 0 到 {limit} 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That training record does not exist (it may have been deleted).</source>
        <translation>该培训记录不存在（可能已被删除）。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/reports/weekly_reports.py" line="+46"/>
        <source>The week of {date} was approved by the town and is locked. Ask the town to reopen it first.</source>
        <extracomment>The most characters a person may type in each field (one table for laptop and server). The state of a week that has no report row yet.</extracomment>
        <translation>{date}这一周已经由镇里审核通过并锁定。要修改，请先请镇里重新打开。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This course was taught in the week of {date}, which the town approved and locked. Ask the town to reopen it before renaming the course or changing its platform.</source>
        <translation>这门课程在{date}这一周有场次，该周已由镇里审核通过并锁定。请先请镇里重新打开，再修改课程名称或所属平台。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This person taught in the week of {date}, which the town approved and locked. Ask the town to reopen it before changing whether they are a volunteer.</source>
        <translation>此人在{date}这一周授过课，该周已由镇里审核通过并锁定。请先请镇里重新打开，再更改其是否为志愿者。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The weekly report of the week of {date} holds figures that cannot be read; the town can return it so that it is submitted again.</source>
        <translation>{date}这一周的周报中的统计数字无法读取；镇里可以将其退回，由站点重新提交。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A week can be submitted once it has begun.</source>
        <translation>这一周还没开始，开始之后才能提交。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This week was approved already; the town must reopen it before it changes.</source>
        <translation>这一周已经审核通过，要先请镇里重新打开才能修改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Weekly reports are reviewed by the town or the district, not by the village.</source>
        <translation>周报由镇里或区里审核，村里不能审核。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A site&apos;s own weekly report is reviewed by the level above it.</source>
        <translation>本站点自己的周报由上一级审核。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only a submitted week can be approved or returned.</source>
        <translation>只有已提交的周报才能通过或退回。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only an approved week can be reopened.</source>
        <translation>只有已通过的周报才能重新打开。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Say what needs correcting, so the village knows what to change.</source>
        <translation>请写明需要改正什么，村里才知道怎么改。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/demand/evaluations.py" line="+48"/>
        <source>A score is a whole number from 0 to 100.</source>
        <extracomment>The most characters a person may type in each field (one table for laptop and server).</extracomment>
        <translation>评分是0到100之间的整数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A town scores as the town, a village as the village or for its residents.</source>
        <translation>镇街以镇街身份评分，村以村的身份或代群众评分。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only the district confirms which projects leave the menu.</source>
        <translation>只有区里能确认哪些项目退出项目清单。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/demand/menu.py" line="+43"/>
        <source>Only the district publishes and dispatches the service menu.</source>
        <extracomment>The most characters a person may type in each field (one table for laptop and server).</extracomment>
        <translation>项目清单只能由区里发布和派单。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That offering is not on the service menu.</source>
        <translation>项目清单里没有这个服务项目。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That order does not exist.</source>
        <translation>没有这个点单。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This order cannot take that step from where it is now.</source>
        <translation>这个点单现在不能进行这一步。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A quarter is written like 2026Q4.</source>
        <translation>季度请写成 2026Q4 这样的格式。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/week/attachments.py" line="+41"/>
        <source>This file is not a photo or scan that can be read (JPEG or PNG, please).</source>
        <extracomment>Long side of a stored image: a signed sheet stays legible, a class photo recognisable. JPEG qualities tried in turn until the image fits TARGET_BYTES (then the limit itself). What a stored image aims at: about 50 s over 2G.</extracomment>
        <translation>这个文件不是能读取的照片或扫描件（请用 JPEG 或 PNG）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This image stays too large even when shrunk; please take a smaller photo.</source>
        <translation>这张图片压缩后仍然太大，请换一张小一点的照片。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This image is {width} × {height} pixels, more than can be opened safely (at most {side} pixels a side and {pixels} pixels in all); please take or scan it at a lower resolution.</source>
        <translation>这张图片有 {width} × {height} 像素，太大，无法安全打开（每边最多 {side} 像素，总共最多 {pixels} 像素）；请用较低的分辨率重新拍摄或扫描。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This picture cannot be shown: it is damaged, or too large to open safely.</source>
        <translation>这张图片无法显示：它已损坏，或太大而无法安全打开。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That attachment does not exist.</source>
        <translation>没有这个附件。</translation>
    </message>
    <message>
        <location filename="../../desktop/services/undo.py" line="+40"/>
        <source>This can no longer be undone: {n} of the records it wrote were changed since (by hand or by a sync). Correct them by hand.</source>
        <translation>已无法撤销：这次写入的记录中有 {n} 条之后又被修改过（手动修改或同步带来）。请手动更正。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This can no longer be undone: records made since refer to what it added (someone it added was signed in, or a session it added has sign-ins). Correct them by hand.</source>
        <translation>已无法撤销：之后新增的记录用到了这次添加的内容（添加的人已签到，或添加的场次已有签到）。请手动更正。</translation>
    </message>
</context>
<context>
    <name>VillageMenuModel</name>
    <message>
        <location filename="../../desktop/ui/demand/models.py" line="+116"/>
        <source>Offering</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead department</source>
        <translation>牵头部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team</source>
        <translation>服务队伍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What it covers</source>
        <translation>服务内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capacity</source>
        <translation>可服务场次</translation>
    </message>
</context>
<context>
    <name>VillageMenuPage</name>
    <message>
        <location filename="../../desktop/ui/demand/village_orders.py" line="-170"/>
        <source>Order…</source>
        <extracomment>Order statuses from which the village may try to schedule the delivery. An order not yet dispatched is offered too, so the village hears why it has to wait rather than see a dead button. An order was placed: its id, so the orders page can show it chosen.</extracomment>
        <translation>点单…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The district&apos;s service menu, brought by sync. Choose an offering and order it for a month; the district dispatches it and you schedule the delivery.</source>
        <translation>区里发布的服务项目清单，随同步传来。选中一个项目按月点单；区里派单后，由村里安排送单。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{n} offerings on the menu</source>
        <translation>清单上共 {n} 个项目</translation>
    </message>
</context>
<context>
    <name>VolunteerHoursModel</name>
    <message>
        <location filename="../../desktop/ui/people/teacher_models.py" line="+34"/>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sessions</source>
        <translation>场次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Service hours</source>
        <translation>服务时长（小时）</translation>
    </message>
</context>
<context>
    <name>WeekReportTab</name>
    <message>
        <location filename="../../desktop/ui/reports/week_report_tab.py" line="+147"/>
        <source>Status: {state}</source>
        <translation>状态：{state}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(submitted {when})</source>
        <translation>（{when} 提交）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>waiting to sync</source>
        <translation>待同步</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>◀ Previous week</source>
        <translation>◀ 上一周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next week ▶</source>
        <translation>下一周 ▶</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Anything the town should know about this week (optional)</source>
        <translation>本周需要让镇街知道的情况（可不填）</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Returned by the town: {comment}</source>
        <translation>镇街退回了本周周报：{comment}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Correct the records of this week, then submit it again.</source>
        <translation>请改正本周的记录，然后重新提交。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The town&apos;s comment: {comment}</source>
        <translation>镇街的意见：{comment}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Approved — locked. The town approved this week: its sessions and sign-ins can no longer be changed. If something must be corrected, ask the town to reopen it.</source>
        <translation>已通过 — 已锁定。镇街已审核通过本周：本周的场次和签到不能再修改。如需更正，请联系镇街重新打开。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The district has not taken this report yet; it waits on this computer and is sent again with the next sync. The district&apos;s reason: {reason}</source>
        <translation>区里暂未接收这份周报，它保留在本机，下次同步时重新发送。区里的原因：{reason}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Approved — locked</source>
        <translation>已通过 — 已锁定</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Submit again as “no activity”</source>
        <translation>按“本周无活动”重新提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submit as “no activity”</source>
        <translation>按“本周无活动”提交</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resubmit</source>
        <translation>重新提交</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submit again</source>
        <translation>再次提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Submitted as “no activity”. It goes to the town with the next sync.</source>
        <translation>已按“本周无活动”提交，下次同步时送达镇街。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Submitted. It goes to the town with the next sync.</source>
        <translation>已提交，下次同步时送达镇街。</translation>
    </message>
</context>
<context>
    <name>WeekSessionsModel</name>
    <message>
        <location filename="../../desktop/ui/models.py" line="+116"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teacher</source>
        <translation>老师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person-times</source>
        <translation>人次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Headcount only: no sign-in list for this session.</source>
        <translation>只记人数：本场次没有签到表。</translation>
    </message>
</context>
<context>
    <name>WeekView</name>
    <message>
        <location filename="../../desktop/ui/week/week_view.py" line="+67"/>
        <source>◀ Previous week</source>
        <translation>◀ 上一周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next week ▶</source>
        <translation>下一周 ▶</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New session…</source>
        <translation>新建场次…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+158"/>
        <source>Copy last week</source>
        <translation>复制上周</translation>
    </message>
    <message>
        <location line="-155"/>
        <source>Copy the sessions of the week before into this week: course, day, time, place and teacher, without sign-ins. Sessions this week already has are not copied again.</source>
        <translation>把上一周的场次复制到本周：课程、星期、时间、地点和教师，不含签到。本周已有的场次不会重复复制。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Total: {sessions} sessions · {person_times} person-times · {reach} people</source>
        <translation>合计：{sessions} 场 · {person_times} 人次 · 覆盖 {reach} 人</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Approved — locked: the town approved this week, so its sessions and sign-ins cannot be changed. Ask the town to reopen it to correct something.</source>
        <translation>已通过 — 已锁定：镇街已审核通过本周，本周的场次和签到不能再修改。如需更正，请联系镇街重新打开。</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Copied {n} sessions from last week, without sign-ins.</source>
        <translation>已从上周复制 {n} 个场次，不含签到。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to copy: this week has last week&apos;s sessions already.</source>
        <translation>没有可复制的：本周已有上周的场次。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to copy: last week has no sessions.</source>
        <translation>没有可复制的：上周没有场次。</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+10"/>
        <source>Delete session</source>
        <translation>删除场次</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Delete the session “{course}” on {date} and its sign-in list?</source>
        <translation>要删除 {date} 的“{course}”场次及其签到表吗？</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Deleted the session “{course}” on {date}.</source>
        <translation>已删除{date}的场次“{course}”。</translation>
    </message>
</context>
<context>
    <name>WindowUndo</name>
    <message>
        <location filename="../../desktop/ui/undoing.py" line="+61"/>
        <source>Undo</source>
        <extracomment>(what the action wrote, the sentence that said what it did), latest last.</extracomment>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Undone: {what}</source>
        <translation>已撤销：{what}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This could not be undone: {error}</source>
        <translation>未能撤销：{error}</translation>
    </message>
</context>
<context>
    <name>WorkBrief</name>
    <message>
        <location filename="../../desktop/ui/work_brief.py" line="+49"/>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Photos of the week</source>
        <extracomment>Heights tried in turn for the row of photos, as a share of the page&apos;s width; 0 leaves them out.</extracomment>
        <translation>本周照片</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sessions</source>
        <translation>场次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person-times</source>
        <translation>人次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People reached</source>
        <translation>覆盖人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New learners</source>
        <translation>新学员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests opened</source>
        <translation>新增需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests closed</source>
        <translation>办结需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teachers</source>
        <translation>授课教师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volunteers</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{course}: {person_times} person-times in {sessions} sessions</source>
        <translation>{course}：{sessions}场，{person_times}人次</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{n} residents came for the first time</source>
        <translation>{n}名居民首次参加学习</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{n} residents&apos; requests were closed</source>
        <translation>办结居民需求{n}件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No activity this week.</source>
        <translation>本周无活动。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{status} on {date}</source>
        <translation>{date}{status}</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+28"/>
        <source>Weekly work brief</source>
        <translation>工作简报</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Weekly report: {status}</source>
        <translation>周报：{status}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Person-times by platform</source>
        <translation>七大平台人次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Highlights</source>
        <translation>工作亮点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Every week</source>
        <translation>每周的工作</translation>
    </message>
    <message>
        <source>In &lt;b&gt;Sessions and attendance&lt;/b&gt;, the left half is the week&apos;s sessions: choose the week with the arrows, add a session with &lt;b&gt;New session…&lt;/b&gt;. Choose a session and its sign-in sheet opens on the right.</source>
        <translation>在&lt;b&gt;场次与签到&lt;/b&gt;页，左半边是这一周的场次：用箭头按钮换周，用&lt;b&gt;新建场次…&lt;/b&gt;添加场次。选中一个场次，右边就打开它的签到表。</translation>
    </message>
    <message>
        <source>Signing people in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Start the list from last time (Alt+L), from everyone the course expects (Alt+A) or empty (Alt+E). Then type a name, its pinyin or its initials (zs finds 张三) and press Enter. A bulk action can be taken back with &lt;b&gt;Undo&lt;/b&gt; or Ctrl+Z.</source>
        <translation>签到表可以从上次的名单开始（Alt+L）、从这门课该来的人开始（Alt+A），或者从空表开始（Alt+E）。然后输入姓名、全拼或首字母（输入 zs 可找到张三），按回车签到。批量操作可以用&lt;b&gt;撤销&lt;/b&gt;按钮或 Ctrl+Z 撤回。</translation>
    </message>
    <message>
        <source>Residents, courses, teachers</source>
        <translation>居民、课程、教师</translation>
    </message>
    <message>
        <source>The register of residents, the courses and the teachers and volunteers each have their own tab. A person who is new at a session can be added from the sign-in sheet (Alt+N).</source>
        <translation>居民名册、课程、教师与志愿者各有自己的页面。第一次来参加活动的人可以在签到表里直接添加（Alt+N）。</translation>
    </message>
    <message>
        <source>Weekly report and requests</source>
        <translation>周报和需求</translation>
    </message>
    <message>
        <source>In &lt;b&gt;Weekly report&lt;/b&gt; check the week&apos;s figures and submit them to the town. In &lt;b&gt;Requests&lt;/b&gt; record what residents ask for and follow it to the end.</source>
        <translation>在&lt;b&gt;周报&lt;/b&gt;页核对本周的数字，然后提交给镇街。在&lt;b&gt;需求&lt;/b&gt;页记下居民提出的需求，一直跟进到办结。</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Everything is saved on this computer first, with or without a network. When the network is there the records are sent to the district by themselves; the status bar at the bottom says how many changes are waiting, and &lt;b&gt;Sync now&lt;/b&gt; sends them at once. When two computers changed the same record, &lt;b&gt;Conflicts&lt;/b&gt; shows both values.</source>
        <translation>所有记录都先保存在这台电脑上，有没有网络都可以用。有网络时，记录会自动发送到区平台；窗口底部的状态栏显示还有多少条待同步，点&lt;b&gt;立即同步&lt;/b&gt;可以马上发送。两台电脑改了同一条记录时，&lt;b&gt;冲突&lt;/b&gt;页会列出两个值。</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Ctrl+Z undo · Ctrl+F back to the sign-in box · Ctrl+= and Ctrl+- larger and smaller text · F1 this guide · Ctrl+Q exit.</source>
        <translation>Ctrl+Z 撤销 · Ctrl+F 回到签到输入框 · Ctrl+= 和 Ctrl+- 放大和缩小文字 · F1 打开本说明 · Ctrl+Q 退出。</translation>
    </message>
    <message>
        <source>When something goes wrong</source>
        <translation>遇到问题时</translation>
    </message>
    <message>
        <source>Help → Export diagnostics… saves a file for whoever helps you; it holds no residents&apos; names, phones or ID numbers.</source>
        <translation>帮助 → 导出诊断信息… 会保存一个文件，发给帮你解决问题的人；文件里没有居民的姓名、电话和身份证号。</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <source>not connected to a district yet</source>
        <translation>尚未连接到区平台</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <source>District server:</source>
        <translation>区服务器：</translation>
    </message>
    <message>
        <source>Records of the village learning centres, kept on this computer and synced with the district.</source>
        <translation>村（社区）学习中心的工作台账，保存在这台电脑上，并与区平台同步。</translation>
    </message>
    <message>
        <source>Learning Desk</source>
        <translation>学习中心台账</translation>
    </message>
    <message>
        <source>About Learning Desk</source>
        <translation>关于</translation>
    </message>
</context>
</TS>
