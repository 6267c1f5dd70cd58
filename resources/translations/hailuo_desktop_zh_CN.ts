<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddShotCard</name>
    <message>
        <source>Add shot</source>
        <translation>添加镜头</translation>
    </message>
    <message>
        <source>Add a shot at the end of the story</source>
        <translation>在故事末尾添加一个镜头</translation>
    </message>
</context>
<context>
    <name>BatchBar</name>
    <message>
        <source>Batches</source>
        <translation>批量任务</translation>
    </message>
    <message>
        <source>Cancel the {videos} not started?</source>
        <translation>取消尚未开始的 {videos}？</translation>
    </message>
    <message>
        <source>Videos under way finish.</source>
        <translation>正在生成的视频会继续完成。</translation>
    </message>
    <message>
        <source>Cancel the batch?</source>
        <translation>取消这批视频？</translation>
    </message>
    <message>
        <source>Cancel {videos}</source>
        <translation>取消 {videos}</translation>
    </message>
    <message>
        <source>The batch was not changed</source>
        <translation>批量任务未更改</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Read again</source>
        <translation>重新读取</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>New batch</source>
        <translation>新建批量任务</translation>
    </message>
    <message>
        <source>Make many videos at once. Each one becomes an ordinary job in your list; the batch runs as a queue you can pause or cancel.</source>
        <translation>一次制作多个视频。每个视频都是列表中的一个普通任务；整批按队列运行，可随时暂停或取消。</translation>
    </message>
    <message>
        <source>Where the prompts come from</source>
        <translation>提示词的来源</translation>
    </message>
    <message>
        <source>Prompts, one per line</source>
        <translation>提示词，每行一个</translation>
    </message>
    <message>
        <source>One prompt per line, for example:
A lighthouse at dawn
A fox in the snow</source>
        <translation>每行一个提示词，例如：
黎明时分的灯塔
雪地里的狐狸</translation>
    </message>
    <message>
        <source>Paste prompts</source>
        <translation>粘贴提示词</translation>
    </message>
    <message>
        <source>CSV or text file</source>
        <translation>CSV 或文本文件</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>尚未选择文件</translation>
    </message>
    <message>
        <source>Read the file again after fixing it</source>
        <translation>修改文件后重新读取</translation>
    </message>
    <message>
        <source>A text file: one prompt per line. A CSV: a first line naming the columns — prompt (required), model, duration, resolution, aspect_ratio, first_frame, last_frame, repeat, preset. Picture paths are relative to the CSV&apos;s folder.</source>
        <translation>文本文件：每行一个提示词。CSV：第一行写列名——prompt（必填）、model、duration、resolution、aspect_ratio、first_frame、last_frame、repeat、preset。图片路径相对于 CSV 所在的文件夹。</translation>
    </message>
    <message>
        <source>Folder of pictures</source>
        <translation>图片文件夹</translation>
    </message>
    <message>
        <source>No folder chosen</source>
        <translation>尚未选择文件夹</translation>
    </message>
    <message>
        <source>&amp;Prompt for every picture (each picture is a first frame):</source>
        <translation>每张图片的提示词(&amp;P)（每张图片作为首帧）：</translation>
    </message>
    <message>
        <source>Prompt for every picture</source>
        <translation>每张图片的提示词</translation>
    </message>
    <message>
        <source>Options of every video</source>
        <translation>每个视频的选项</translation>
    </message>
    <message>
        <source>The form: {options}</source>
        <translation>当前表单：{options}</translation>
    </message>
    <message>
        <source>Preset: {name} ({options})</source>
        <translation>预设：{name}（{options}）</translation>
    </message>
    <message>
        <source>Repeat the whole batch</source>
        <translation>整批重复次数</translation>
    </message>
    <message>
        <source> ×</source>
        <translation> 次</translation>
    </message>
    <message>
        <source>Make every video this many times</source>
        <translation>每个视频制作这么多次</translation>
    </message>
    <message>
        <source>&amp;Options:</source>
        <translation>选项(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>重复(&amp;R)：</translation>
    </message>
    <message>
        <source>Problems to fix</source>
        <translation>需要修正的问题</translation>
    </message>
    <message>
        <source>Demo mode: the built-in simulator makes these videos; nothing is charged.</source>
        <translation>演示模式：这些视频由内置模拟器生成，不产生任何费用。</translation>
    </message>
    <message>
        <source>Choose a folder of pictures.</source>
        <translation type="vanished">请选择一个图片文件夹。</translation>
    </message>
    <message>
        <source>Choose a CSV or text file.</source>
        <translation type="vanished">请选择 CSV 或文本文件。</translation>
    </message>
    <message>
        <source>The file cannot be read: {reason}</source>
        <translation type="vanished">无法读取该文件：{reason}</translation>
    </message>
    <message>
        <source>Queue {videos}</source>
        <translation>排队 {videos}</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>Nothing to queue yet: paste one prompt per line.</source>
        <translation>还没有可排队的内容：请每行粘贴一个提示词。</translation>
    </message>
    <message>
        <source>Nothing to queue yet: choose a CSV or text file.</source>
        <translation>还没有可排队的内容：请选择 CSV 或文本文件。</translation>
    </message>
    <message>
        <source>Nothing to queue yet: choose a folder of pictures.</source>
        <translation>还没有可排队的内容：请选择一个图片文件夹。</translation>
    </message>
    <message>
        <source>Not ready: 1 problem to fix</source>
        <translation>尚未就绪：有 1 个问题需要修正</translation>
    </message>
    <message>
        <source>Not ready: {count} problems to fix</source>
        <translation>尚未就绪：有 {count} 个问题需要修正</translation>
    </message>
    <message>
        <source> — a guess, no published price</source>
        <translation>——估计值，没有公开价格</translation>
    </message>
    <message>
        <source>({count} without a published price)</source>
        <translation>（其中 {count} 个没有公开价格）</translation>
    </message>
    <message>
        <source>Nothing is queued until the file is clean. Fix these lines in the file, save it, then press Read again.</source>
        <translation>文件没有问题之前不会排队任何视频。请在文件中修正这些行并保存，然后点击“重新读取”。</translation>
    </message>
    <message>
        <source>Nothing is queued until every line is fixed. Press Enter on a problem to go to its line.</source>
        <translation>每一行都修正之前不会排队任何视频。在问题上按回车可跳到对应的行。</translation>
    </message>
    <message>
        <source>Nothing is queued until this is fixed.</source>
        <translation>修正之前不会排队任何视频。</translation>
    </message>
    <message>
        <source>Open a batch file</source>
        <translation>打开批量文件</translation>
    </message>
    <message>
        <source>CSV or text files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 或文本文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a folder of pictures</source>
        <translation>选择图片文件夹</translation>
    </message>
    <message>
        <source>Queue {videos} for about ${usd}?</source>
        <translation>排队 {videos}，预计约 ${usd}？</translation>
    </message>
    <message>
        <source>They are sent a few at a time and paid like any video. You can pause or cancel the videos not started yet.</source>
        <translation>视频会分批陆续提交，和单个视频一样计费。尚未开始的视频可以暂停或取消。</translation>
    </message>
    <message>
        <source>Queue this batch?</source>
        <translation>排队这批视频？</translation>
    </message>
    <message>
        <source>Queuing…</source>
        <translation>正在排队…</translation>
    </message>
    <message>
        <source>The batch was not queued</source>
        <translation>这批视频没有排队</translation>
    </message>
</context>
<context>
    <name>BatchLine</name>
    <message>
        <source>Cancel…</source>
        <translation>取消…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>demo: nothing charged</source>
        <translation>演示：不产生费用</translation>
    </message>
    <message>
        <source>{usd} spent</source>
        <translation>已花费 {usd}</translation>
    </message>
    <message>
        <source>Progress of the batch {title}</source>
        <translation>批量任务“{title}”的进度</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Send the waiting videos again</source>
        <translation>继续提交等待中的视频</translation>
    </message>
    <message>
        <source>Send no more videos for now; those under way finish</source>
        <translation>暂时不再提交新视频；正在生成的会继续完成</translation>
    </message>
    <message>
        <source>{count} held: {reason}</source>
        <translation>{count}暂停提交：{reason}</translation>
    </message>
    <message>
        <source>{count} done</source>
        <translation>{count} 个完成</translation>
    </message>
    <message>
        <source>{count} running</source>
        <translation>{count} 个进行中</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} 个等待</translation>
    </message>
    <message>
        <source>{count} failed</source>
        <translation>{count} 个失败</translation>
    </message>
    <message>
        <source>{count} held</source>
        <translation>{count} 个被限额暂停</translation>
    </message>
    <message>
        <source>{count} cancelled</source>
        <translation>{count} 个已取消</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cancel the videos not started yet</source>
        <translation>取消尚未开始的视频</translation>
    </message>
    <message>
        <source>Send the held videos again (after raising the cap or topping up)</source>
        <translation>重新提交暂停的视频（在提高上限或充值之后）</translation>
    </message>
</context>
<context>
    <name>Batches</name>
    <message>
        <source>1 video</source>
        <translation>1 个视频</translation>
    </message>
    <message>
        <source>{count} videos</source>
        <translation>{count} 个视频</translation>
    </message>
    <message>
        <source>≈ ${usd}</source>
        <translation>≈ ${usd}</translation>
    </message>
</context>
<context>
    <name>BatchesInWindow</name>
    <message>
        <source>Queued {videos} — “{title}”. The bar above your videos shows how it goes.</source>
        <translation>已排队 {videos}——“{title}”。视频上方的进度条会显示进展。</translation>
    </message>
    <message>
        <source>Batch “{title}” cancelled: {done} done, {failed} failed.</source>
        <translation>批量任务“{title}”已取消：{done} 个完成，{failed} 个失败。</translation>
    </message>
    <message>
        <source>Batch “{title}” finished: {done} done, {failed} failed.</source>
        <translation>批量任务“{title}”已结束：{done} 个完成，{failed} 个失败。</translation>
    </message>
</context>
<context>
    <name>CameraMove</name>
    <message>
        <source>Pan left</source>
        <translation>左摇</translation>
    </message>
    <message>
        <source>Pan right</source>
        <translation>右摇</translation>
    </message>
    <message>
        <source>Tilt up</source>
        <translation>上摇</translation>
    </message>
    <message>
        <source>Tilt down</source>
        <translation>下摇</translation>
    </message>
    <message>
        <source>Push in</source>
        <translation>推进</translation>
    </message>
    <message>
        <source>Pull out</source>
        <translation>拉远</translation>
    </message>
    <message>
        <source>Pedestal up</source>
        <translation>上升</translation>
    </message>
    <message>
        <source>Pedestal down</source>
        <translation>下降</translation>
    </message>
    <message>
        <source>Truck left</source>
        <translation>左移</translation>
    </message>
    <message>
        <source>Truck right</source>
        <translation>右移</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>变焦推近</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>变焦拉远</translation>
    </message>
    <message>
        <source>Shake</source>
        <translation>晃动</translation>
    </message>
    <message>
        <source>Tracking shot</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Static shot</source>
        <translation>固定</translation>
    </message>
</context>
<context>
    <name>CreatePanel</name>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Generate video</source>
        <translation>生成视频</translation>
    </message>
    <message>
        <source>Describe the video you want first.</source>
        <translation type="vanished">请先描述你想要的视频。</translation>
    </message>
    <message>
        <source>The first-frame picture can&apos;t be used yet: see the note under it.</source>
        <translation>首帧图片暂时无法使用：请查看图片下方的说明。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Ctrl+Enter generates</source>
        <translation>按 Ctrl+Enter 生成</translation>
    </message>
    <message>
        <source>Camera moves</source>
        <translation>运镜</translation>
    </message>
    <message>
        <source>First and last frame</source>
        <translation>首帧和尾帧</translation>
    </message>
    <message>
        <source>Reference pictures and videos</source>
        <translation>参考图片和视频</translation>
    </message>
    <message>
        <source>References</source>
        <translation>参考素材</translation>
    </message>
    <message>
        <source>The last-frame picture can&apos;t be used yet: see the note under it.</source>
        <translation>尾帧图片暂时无法使用：请查看图片下方的说明。</translation>
    </message>
    <message>
        <source>A reference can&apos;t be used yet: see the note under the references.</source>
        <translation>有参考素材暂时无法使用：请查看参考素材下方的说明。</translation>
    </message>
    <message>
        <source>Add reference pictures with the buttons under References.</source>
        <translation>请使用“参考”下方的按钮添加参考图片。</translation>
    </message>
    <message>
        <source>Use as first frame</source>
        <translation>用作首帧</translation>
    </message>
    <message>
        <source>Use as last frame</source>
        <translation>用作尾帧</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>起始方式：</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <source>First frame (required)</source>
        <translation>首帧（必需）</translation>
    </message>
    <message>
        <source>First and last frame (optional)</source>
        <translation>首帧和尾帧（可选）</translation>
    </message>
    <message>
        <source>First frame (optional)</source>
        <translation>首帧（可选）</translation>
    </message>
    <message>
        <source>last frame removed</source>
        <translation>已移除尾帧</translation>
    </message>
    <message>
        <source>references removed</source>
        <translation>已移除参考素材</translation>
    </message>
    <message>
        <source>Switched to {model}: {changes}.</source>
        <translation>已切换到 {model}：{changes}。</translation>
    </message>
    <message>
        <source>Estimate: ≈ ${usd} ({credits} credits)</source>
        <translation>预估：≈ ${usd}（{credits} 积分）</translation>
    </message>
    <message>
        <source> — a guess, no published price</source>
        <translation>——估计值，没有公开价格</translation>
    </message>
    <message>
        <source>An estimate from MiniMax&apos;s reference prices; ToAPIs bills its own price.</source>
        <translation>根据 MiniMax 的参考价格估算；实际以 ToAPIs 的计费为准。</translation>
    </message>
    <message>
        <source>Start generating (Ctrl+Enter)</source>
        <translation>开始生成（Ctrl+Enter）</translation>
    </message>
</context>
<context>
    <name>DirectivePalette</name>
    <message>
        <source>Camera moves</source>
        <translation>运镜</translation>
    </message>
    <message>
        <source>Buttons that insert camera moves into the prompt. Use the arrow keys to choose a move and Space to insert it.</source>
        <translation>把运镜插入提示词的按钮。用方向键选择运镜，按空格键插入。</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>左右摇</translation>
    </message>
    <message>
        <source>Tilt</source>
        <translation>上下摇</translation>
    </message>
    <message>
        <source>Push / pull</source>
        <translation>推拉</translation>
    </message>
    <message>
        <source>Pedestal</source>
        <translation>升降</translation>
    </message>
    <message>
        <source>Truck</source>
        <translation>左右移</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>变焦</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>{description}.
Inserts [{name}] at the cursor, or adds it to the bracket the cursor is in (up to 3 moves happen together).</source>
        <translation>{description}。
在光标处插入 [{name}]；光标在方括号内时加入该方括号（最多 3 个运镜同时进行）。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Some settings are not valid</source>
        <translation>部分设置无效</translation>
    </message>
    <message>
        <source>The request was not accepted</source>
        <translation>请求未被接受</translation>
    </message>
    <message>
        <source>Your API key was not accepted</source>
        <translation>API 密钥未被接受</translation>
    </message>
    <message>
        <source>Out of credits</source>
        <translation>积分不足</translation>
    </message>
    <message>
        <source>Task not found</source>
        <translation>找不到任务</translation>
    </message>
    <message>
        <source>The prompt or picture was refused</source>
        <translation>提示词或图片被拒绝</translation>
    </message>
    <message>
        <source>Too many requests right now</source>
        <translation>当前请求过多</translation>
    </message>
    <message>
        <source>The video service is having trouble</source>
        <translation>视频服务出现故障</translation>
    </message>
    <message>
        <source>No connection</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>Unexpected reply from the video service</source>
        <translation>视频服务返回了意外的响应</translation>
    </message>
    <message>
        <source>The video could not be made</source>
        <translation>视频未能生成</translation>
    </message>
    <message>
        <source>No video came back</source>
        <translation>没有返回视频</translation>
    </message>
    <message>
        <source>The video is no longer available</source>
        <translation>视频已无法获取</translation>
    </message>
    <message>
        <source>The picture was not accepted</source>
        <translation>图片未被接受</translation>
    </message>
    <message>
        <source>The service address is not safe</source>
        <translation>服务地址不安全</translation>
    </message>
    <message>
        <source>The video could not be saved</source>
        <translation>视频无法保存</translation>
    </message>
    <message>
        <source>Not sure the video was submitted</source>
        <translation>无法确定视频是否已提交</translation>
    </message>
    <message>
        <source>The job history was damaged</source>
        <translation>任务记录已损坏</translation>
    </message>
    <message>
        <source>The job history cannot be opened</source>
        <translation>无法打开任务记录</translation>
    </message>
    <message>
        <source>Spending cap reached</source>
        <translation>已达到花费上限</translation>
    </message>
    <message>
        <source>A story&apos;s video could not be read</source>
        <translation>故事中的视频无法读取</translation>
    </message>
    <message>
        <source>Something went wrong inside the app</source>
        <translation>应用内部出错了</translation>
    </message>
    <message>
        <source>This is a problem in Hailuo Desktop itself, not something you did. You can keep working; jobs already started are saved. If it keeps happening, click “Copy details” and send the text to the developers.</source>
        <translation>这是 Hailuo Desktop 自身的问题，不是你的操作造成的。你可以继续使用；已开始的任务都已保存。如果问题反复出现，请点击“复制详情”，把内容发送给开发者。</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Show the technical facts behind this message.</source>
        <translation>显示这条消息背后的技术信息。</translation>
    </message>
    <message>
        <source>Copy the technical details, to paste them into a message to support.</source>
        <translation>复制技术详情，以便粘贴到发给客服的消息中。</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>技术详情</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <source>Open Settings to fix this.</source>
        <translation>打开设置来解决这个问题。</translation>
    </message>
    <message>
        <source>Top up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Open {url} in your web browser to add credits.</source>
        <translation>在网页浏览器中打开 {url} 充值积分。</translation>
    </message>
    <message>
        <source>Open task logs</source>
        <translation>打开任务日志</translation>
    </message>
    <message>
        <source>Open {url} in your web browser to see whether the task exists.</source>
        <translation>在网页浏览器中打开 {url}，查看任务是否存在。</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>FirstFrameDrop</name>
    <message>
        <source>{count} bytes</source>
        <translation>{count} 字节</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="vanished">选择…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="vanished">粘贴</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="vanished">移除</translation>
    </message>
    <message>
        <source>First frame picture</source>
        <translation type="vanished">首帧图片</translation>
    </message>
    <message>
        <source>The picture the video starts from. Drop a JPEG, PNG or WebP file here, click to choose one, or paste one ({keys}). Delete removes it.</source>
        <translation type="vanished">视频开始时的画面。把 JPEG、PNG 或 WebP 文件拖到这里、点击选择，或粘贴（{keys}）。按 Delete 键移除。</translation>
    </message>
    <message>
        <source>Convert first frame</source>
        <translation type="vanished">转换首帧</translation>
    </message>
    <message>
        <source>Makes a copy Hailuo accepts in the app&apos;s data folder and uses it. Your original file is not changed.</source>
        <translation type="vanished">在应用的数据文件夹中生成一份海螺可以接受的副本并使用它。原文件不会被修改。</translation>
    </message>
    <message>
        <source>Choose first frame</source>
        <translation type="vanished">选择首帧</translation>
    </message>
    <message>
        <source>Choose a picture file from your computer.</source>
        <translation type="vanished">从电脑中选择一个图片文件。</translation>
    </message>
    <message>
        <source>Paste first frame</source>
        <translation type="vanished">粘贴首帧</translation>
    </message>
    <message>
        <source>Use the picture or picture file you copied ({keys}).</source>
        <translation type="vanished">使用你复制的图片或图片文件（{keys}）。</translation>
    </message>
    <message>
        <source>Remove first frame</source>
        <translation type="vanished">移除首帧</translation>
    </message>
    <message>
        <source>Start without a first frame. The file is not deleted.</source>
        <translation type="vanished">不使用首帧。文件不会被删除。</translation>
    </message>
    <message>
        <source>Could not open “{name}”: {reason}.</source>
        <translation type="vanished">无法打开“{name}”：{reason}。</translation>
    </message>
    <message>
        <source>“{name}” is not a picture the app can read. Use a JPEG, PNG or WebP image.</source>
        <translation type="vanished">“{name}”不是应用能读取的图片。请使用 JPEG、PNG 或 WebP 图片。</translation>
    </message>
    <message>
        <source>Convert to {format}</source>
        <translation type="vanished">转换为 {format}</translation>
    </message>
    <message>
        <source>Drop a picture here, click to choose one, or paste ({keys}) — optional for Hailuo 2.3, required for Hailuo 2.3 Fast</source>
        <translation type="vanished">把图片拖到这里、点击选择，或粘贴（{keys}）。Hailuo 2.3 可不用首帧，Hailuo 2.3 Fast 必须有首帧</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation type="vanished">没有图片</translation>
    </message>
    <message>
        <source>{width} × {height} px · {size}</source>
        <translation type="vanished">{width} × {height} 像素 · {size}</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="vanished">可以使用</translation>
    </message>
    <message>
        <source>No preview available</source>
        <translation type="vanished">无法预览</translation>
    </message>
    <message>
        <source>Could not save the picture in {folder}.</source>
        <translation type="vanished">无法把图片保存到 {folder}。</translation>
    </message>
    <message>
        <source>Use one picture file from this computer at a time.</source>
        <translation type="vanished">一次只能使用本机上的一个图片文件。</translation>
    </message>
    <message>
        <source>The clipboard holds no picture. Copy a picture or a picture file first.</source>
        <translation type="vanished">剪贴板中没有图片。请先复制一张图片或一个图片文件。</translation>
    </message>
    <message>
        <source>Choose a first-frame picture</source>
        <translation type="vanished">选择首帧图片</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.webp *.gif);;All files (*)</source>
        <translation type="vanished">图片 (*.png *.jpg *.jpeg *.webp *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The clipboard is empty.</source>
        <translation type="vanished">剪贴板是空的。</translation>
    </message>
    <message>
        <source>Could not convert the picture: {reason}</source>
        <translation type="vanished">无法转换图片：{reason}</translation>
    </message>
</context>
<context>
    <name>FrameDrop</name>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Last frame picture</source>
        <translation>尾帧图片</translation>
    </message>
    <message>
        <source>The picture the video ends on. Drop a JPEG, PNG or WebP file here, click to choose one, or paste one ({keys}). Delete removes it.</source>
        <translation>视频结束时的画面。把 JPEG、PNG 或 WebP 文件拖到这里、点击选择，或粘贴（{keys}）。按 Delete 键移除。</translation>
    </message>
    <message>
        <source>Convert last frame</source>
        <translation>转换尾帧</translation>
    </message>
    <message>
        <source>Choose last frame</source>
        <translation>选择尾帧</translation>
    </message>
    <message>
        <source>Paste last frame</source>
        <translation>粘贴尾帧</translation>
    </message>
    <message>
        <source>Remove last frame</source>
        <translation>移除尾帧</translation>
    </message>
    <message>
        <source>End without a last frame. The file is not deleted.</source>
        <translation>不使用尾帧。文件不会被删除。</translation>
    </message>
    <message>
        <source>Optional: drop the picture the video should end on, click to choose one, or paste ({keys})</source>
        <translation>可选：拖入视频结束时的画面、点击选择，或粘贴（{keys}）</translation>
    </message>
    <message>
        <source>Choose a last-frame picture</source>
        <translation>选择尾帧图片</translation>
    </message>
    <message>
        <source>First frame picture</source>
        <translation>首帧图片</translation>
    </message>
    <message>
        <source>The picture the video starts from. Drop a JPEG, PNG or WebP file here, click to choose one, or paste one ({keys}). Delete removes it.</source>
        <translation>视频开始时的画面。把 JPEG、PNG 或 WebP 文件拖到这里、点击选择，或粘贴（{keys}）。按 Delete 键移除。</translation>
    </message>
    <message>
        <source>Convert first frame</source>
        <translation>转换首帧</translation>
    </message>
    <message>
        <source>Choose first frame</source>
        <translation>选择首帧</translation>
    </message>
    <message>
        <source>Paste first frame</source>
        <translation>粘贴首帧</translation>
    </message>
    <message>
        <source>Remove first frame</source>
        <translation>移除首帧</translation>
    </message>
    <message>
        <source>Start without a first frame. The file is not deleted.</source>
        <translation>不使用首帧。文件不会被删除。</translation>
    </message>
    <message>
        <source>Drop a picture here, click to choose one, or paste ({keys}) — optional for Hailuo 2.3, required for Hailuo 2.3 Fast</source>
        <translation>把图片拖到这里、点击选择，或粘贴（{keys}）。Hailuo 2.3 可不用首帧，Hailuo 2.3 Fast 必须有首帧</translation>
    </message>
    <message>
        <source>Choose a first-frame picture</source>
        <translation>选择首帧图片</translation>
    </message>
    <message>
        <source>Makes a copy Hailuo accepts in the app&apos;s data folder and uses it. Your original file is not changed.</source>
        <translation>在应用的数据文件夹中生成一份海螺可以接受的副本并使用它。原文件不会被修改。</translation>
    </message>
    <message>
        <source>Choose a picture file from your computer.</source>
        <translation>从电脑中选择一个图片文件。</translation>
    </message>
    <message>
        <source>Use the picture or picture file you copied ({keys}).</source>
        <translation>使用你复制的图片或图片文件（{keys}）。</translation>
    </message>
    <message>
        <source>Could not open “{name}”: {reason}.</source>
        <translation>无法打开“{name}”：{reason}。</translation>
    </message>
    <message>
        <source>“{name}” is not a picture the app can read. Use a JPEG, PNG or WebP image.</source>
        <translation>“{name}”不是应用能读取的图片。请使用 JPEG、PNG 或 WebP 图片。</translation>
    </message>
    <message>
        <source>Crop to fit</source>
        <translation>裁剪以适配</translation>
    </message>
    <message>
        <source>Enlarge</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Make smaller</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Convert to {format}</source>
        <translation>转换为 {format}</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>没有图片</translation>
    </message>
    <message>
        <source>{width} × {height} px · {size}</source>
        <translation>{width} × {height} 像素 · {size}</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>可以使用</translation>
    </message>
    <message>
        <source>No preview available</source>
        <translation>无法预览</translation>
    </message>
    <message>
        <source>Could not save the picture in {folder}.</source>
        <translation>无法把图片保存到 {folder}。</translation>
    </message>
    <message>
        <source>Use one picture file from this computer at a time.</source>
        <translation>一次只能使用本机上的一个图片文件。</translation>
    </message>
    <message>
        <source>The clipboard holds no picture. Copy a picture or a picture file first.</source>
        <translation>剪贴板中没有图片。请先复制一张图片或一个图片文件。</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.webp *.gif);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The clipboard is empty.</source>
        <translation>剪贴板是空的。</translation>
    </message>
    <message>
        <source>Could not convert the picture: {reason}</source>
        <translation>无法转换图片：{reason}</translation>
    </message>
</context>
<context>
    <name>H3Helper</name>
    <message>
        <source>Spoken line</source>
        <translation>台词</translation>
    </message>
    <message>
        <source>References:</source>
        <translation>参考素材：</translation>
    </message>
    <message>
        <source>Insert {tag}</source>
        <translation>插入 {tag}</translation>
    </message>
    <message>
        <source>Names this reference in the prompt</source>
        <translation>在提示词中引用这个参考素材</translation>
    </message>
    <message>
        <source>H3 prompt tools</source>
        <translation>H3 提示词工具</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>画面描述</translation>
    </message>
    <message>
        <source>Soundscape</source>
        <translation>音效</translation>
    </message>
    <message>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <source>What is seen: subject, action, scene, camera, style.</source>
        <translation>看到的内容：主体、动作、场景、镜头、风格。</translation>
    </message>
    <message>
        <source>What is heard around it: rain, traffic, footsteps…</source>
        <translation>周围的声音：雨声、车流、脚步声…</translation>
    </message>
    <message>
        <source>The music under the clip, if any.</source>
        <translation>视频的背景音乐（如有）。</translation>
    </message>
    <message>
        <source>Add:</source>
        <translation>添加：</translation>
    </message>
    <message>
        <source>Language of the spoken line</source>
        <translation>台词的语言</translation>
    </message>
    <message>
        <source>Someone says the selected words (or what you type between the marks).</source>
        <translation>有人说出选中的文字（或你在标记之间输入的内容）。</translation>
    </message>
</context>
<context>
    <name>JobListModel</name>
    <message>
        <source>{prompt}. {state}. {detail}</source>
        <translation>{prompt}。{state}。{detail}</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>first and last frame</source>
        <translation>首帧和尾帧</translation>
    </message>
    <message>
        <source>first frame</source>
        <translation>首帧</translation>
    </message>
    <message numerus="yes">
        <source>%n references</source>
        <translation>
            <numerusform>%n 个参考素材</numerusform>
        </translation>
    </message>
    <message>
        <source>♪ sound</source>
        <translation>♪ 声音</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Uploading first frame</source>
        <translation type="vanished">正在上传首帧</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Submitting</source>
        <translation>正在提交</translation>
    </message>
    <message>
        <source>Submission uncertain</source>
        <translation>提交状态不明</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>生成中</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Unknown (newer version?)</source>
        <translation>未知（来自新版本？）</translation>
    </message>
    <message>
        <source>{state} {percent} %</source>
        <translation>{state} {percent}%</translation>
    </message>
</context>
<context>
    <name>JobListView</name>
    <message>
        <source>Retrying starts a new video with the same settings.</source>
        <translation>重试会用相同的设置生成一个新视频。</translation>
    </message>
    <message>
        <source>It is paid again, like any new video: {price}.</source>
        <translation>和其他新视频一样需要再次付费：{price}。</translation>
    </message>
    <message>
        <source>It is paid again, like any new video.</source>
        <translation>和其他新视频一样需要再次付费。</translation>
    </message>
    <message>
        <source>The first attempt may already have been charged and may still make a video.</source>
        <translation>第一次尝试可能已经扣费，也可能仍会生成视频。</translation>
    </message>
    <message>
        <source>You keep the video you have; the new one will differ.</source>
        <translation>已有的视频会保留；新视频会有所不同。</translation>
    </message>
    <message>
        <source>Retry this video?</source>
        <translation>重试这个视频？</translation>
    </message>
    <message>
        <source>Retry and pay again</source>
        <translation>重试并再次付费</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Play this video in the preview (Enter)</source>
        <translation>在预览中播放这个视频（Enter）</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the video in your usual video player</source>
        <translation>用常用的视频播放器打开视频</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Open the folder that holds the video</source>
        <translation>打开视频所在的文件夹</translation>
    </message>
    <message>
        <source>Copy video link</source>
        <translation>复制视频链接</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Copy the video&apos;s web link (it works for 24 hours after the video is made)</source>
        <translation>复制视频的网页链接（视频生成后 24 小时内有效）</translation>
    </message>
    <message>
        <source>Reuse settings</source>
        <translation>重用设置</translation>
    </message>
    <message>
        <source>Reuse</source>
        <translation>重用</translation>
    </message>
    <message>
        <source>Put this prompt and its settings back in the editor</source>
        <translation>把这个提示词和它的设置放回编辑区</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>再次查询</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Ask the service whether it received this job (nothing is sent again)</source>
        <translation>询问服务是否收到了这个任务（不会重新发送）</translation>
    </message>
    <message>
        <source>Retry…</source>
        <translation>重试…</translation>
    </message>
    <message>
        <source>Make this video again as a new job (it is paid again)</source>
        <translation>作为新任务重新生成这个视频（需再次付费）</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the finished job from the list; the video file stays (Delete)</source>
        <translation>从列表中移除已结束的任务；视频文件会保留（Delete）</translation>
    </message>
    <message>
        <source>Search jobs</source>
        <translation>搜索任务</translation>
    </message>
    <message>
        <source>Search prompts</source>
        <translation>搜索提示词</translation>
    </message>
    <message>
        <source>Show only jobs whose prompt contains this text (Ctrl+F)</source>
        <translation>只显示提示词包含这段文字的任务（Ctrl+F）</translation>
    </message>
    <message>
        <source>Show jobs</source>
        <translation>显示任务</translation>
    </message>
    <message>
        <source>Show all jobs, or only those in one state</source>
        <translation>显示全部任务，或只显示某种状态的任务</translation>
    </message>
    <message>
        <source>All jobs</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed or uncertain</source>
        <translation>失败或不明</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Job gallery</source>
        <translation>任务画廊</translation>
    </message>
    <message>
        <source>Save as preset…</source>
        <translation>存为预设…</translation>
    </message>
    <message>
        <source>Keep this job&apos;s prompt and options as a preset</source>
        <translation>把这个任务的提示词和选项保存为预设</translation>
    </message>
    <message>
        <source>No jobs match this search or filter.</source>
        <translation>没有符合搜索或筛选条件的任务。</translation>
    </message>
    <message>
        <source>Your videos will appear here</source>
        <translation>你的视频会显示在这里</translation>
    </message>
</context>
<context>
    <name>LayoutSwitch</name>
    <message>
        <source>Gallery</source>
        <translation>画廊</translation>
    </message>
    <message>
        <source>Show the jobs as large thumbnails that play when you point at them</source>
        <translation>以大缩略图显示任务，鼠标停在上面时播放视频</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Show the jobs as a compact list</source>
        <translation>以紧凑列表显示任务</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Remaining credits</source>
        <translation>剩余积分</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Demo — nothing is billed</source>
        <translation>演示——不会扣费</translation>
    </message>
    <message>
        <source>Nothing was sent: add your API key first (your prompt is kept).</source>
        <translation>尚未发送：请先添加 API 密钥（提示词已保留）。</translation>
    </message>
    <message>
        <source>{name} — Demo</source>
        <translation>{name}——演示</translation>
    </message>
    <message>
        <source>Demo mode: the built-in simulator, no key, no cost</source>
        <translation>演示模式：使用内置模拟器，无需密钥，不产生费用</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Add task by &amp;id…</source>
        <translation>按 ID 添加任务(&amp;I)…</translation>
    </message>
    <message>
        <source>New &amp;batch…</source>
        <translation>新建批量任务(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Videos</source>
        <translation>视频(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Stories</source>
        <translation>故事(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Open &amp;library folder</source>
        <translation>打开视频库文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Submitted — the video appears in the list</source>
        <translation type="vanished">已提交——视频会出现在列表中</translation>
    </message>
    <message>
        <source>This video has no downloaded file yet.</source>
        <translation>这个视频还没有下载好的文件。</translation>
    </message>
    <message>
        <source>Add task by id</source>
        <translation>按 ID 添加任务</translation>
    </message>
    <message>
        <source>Paste the id of a video task created elsewhere (for example video_01K…):</source>
        <translation>粘贴在别处创建的视频任务 ID（例如 video_01K…）：</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>关于 {name}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name} {version}&lt;/b&gt;&lt;p&gt;Turns a prompt, and optionally pictures, into a video with MiniMax&apos;s Hailuo models through the ToAPIs video API.&lt;/p&gt;</source>
        <translation>&lt;b&gt;{name} {version}&lt;/b&gt;&lt;p&gt;通过 ToAPIs 视频 API，用 MiniMax 的海螺模型把提示词（以及可选的图片）变成视频。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name} {version}&lt;/b&gt;&lt;p&gt;Turns a prompt, and optionally a first frame, into a video with MiniMax Hailuo 2.3 through the ToAPIs video API.&lt;/p&gt;</source>
        <translation type="vanished">&lt;b&gt;{name} {version}&lt;/b&gt;&lt;p&gt;通过 ToAPIs 视频 API，用 MiniMax Hailuo 2.3 把提示词（以及可选的首帧）变成视频。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>Starting — your video is sent in a moment</source>
        <translation>正在启动——视频稍后发送</translation>
    </message>
    <message>
        <source>Added to your videos — it is being sent</source>
        <translation>已加入你的视频 — 正在发送</translation>
    </message>
    <message>
        <source>Removed from the list; the video file stays.</source>
        <translation>已从列表中移除；视频文件仍然保留。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Queued {videos} — “{title}”. The bar above your videos shows how it goes.</source>
        <translation type="vanished">已排队 {videos}——“{title}”。视频上方的进度条会显示进展。</translation>
    </message>
    <message>
        <source>Batch “{title}” cancelled: {done} done, {failed} failed.</source>
        <translation type="vanished">批量任务“{title}”已取消：{done} 个完成，{failed} 个失败。</translation>
    </message>
    <message>
        <source>Batch “{title}” finished: {done} done, {failed} failed.</source>
        <translation type="vanished">批量任务“{title}”已结束：{done} 个完成，{failed} 个失败。</translation>
    </message>
    <message>
        <source>Link copied. It works for 24 hours after the video is made.</source>
        <translation>链接已复制。视频生成后 24 小时内有效。</translation>
    </message>
    <message>
        <source>No app on this computer opened the video.</source>
        <translation>这台电脑上没有应用打开此视频。</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Video ready</source>
        <translation>视频已就绪</translation>
    </message>
    <message>
        <source>Video failed</source>
        <translation>视频生成失败</translation>
    </message>
    <message>
        <source>Not sure the video was sent</source>
        <translation>不确定视频是否已发送</translation>
    </message>
    <message>
        <source>{title}: {reason}</source>
        <translation>{title}：{reason}</translation>
    </message>
    <message>
        <source>Creating the capped key was interrupted.</source>
        <translation type="vanished">创建限额密钥的操作被中断了。</translation>
    </message>
    <message>
        <source>Video failed: {reason}</source>
        <translation type="vanished">视频失败：{reason}</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>详细信息…</translation>
    </message>
    <message>
        <source>Credits: unknown</source>
        <translation>积分：未知</translation>
    </message>
    <message>
        <source>Credits: {credits}</source>
        <translation>积分：{credits}</translation>
    </message>
    <message>
        <source>Remaining credits of this API key</source>
        <translation>这个 API 密钥的剩余积分</translation>
    </message>
    <message>
        <source>The test was interrupted.</source>
        <translation type="vanished">测试被中断了。</translation>
    </message>
    <message>
        <source>Key works — {credits} credits left</source>
        <translation type="vanished">密钥可用——剩余 {credits} 积分</translation>
    </message>
</context>
<context>
    <name>ManagePresetsDialog</name>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>Manage presets</source>
        <translation>管理预设</translation>
    </message>
    <message>
        <source>Your presets</source>
        <translation>我的预设</translation>
    </message>
    <message>
        <source>Your own presets. The starter recipes come with the app and stay.</source>
        <translation>你自己的预设。入门配方随应用提供，不会被改动。</translation>
    </message>
    <message>
        <source>Your presets cannot be read</source>
        <translation>无法读取你的预设</translation>
    </message>
    <message>
        <source>Rename preset</source>
        <translation>重命名预设</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Replace the preset?</source>
        <translation>替换这个预设？</translation>
    </message>
    <message>
        <source>You already have a preset called “{name}”. Replace it?</source>
        <translation>已经有名为“{name}”的预设。要替换它吗？</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Delete the preset?</source>
        <translation>删除这个预设？</translation>
    </message>
    <message>
        <source>Delete the preset “{name}”? This cannot be undone.</source>
        <translation>删除预设“{name}”？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The change was not saved</source>
        <translation>更改没有保存</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The camera turns to the left on the spot</source>
        <translation>镜头在原地向左转</translation>
    </message>
    <message>
        <source>The camera turns to the right on the spot</source>
        <translation>镜头在原地向右转</translation>
    </message>
    <message>
        <source>The camera tips upward on the spot</source>
        <translation>镜头在原地向上仰</translation>
    </message>
    <message>
        <source>The camera tips downward on the spot</source>
        <translation>镜头在原地向下俯</translation>
    </message>
    <message>
        <source>The camera moves forward, toward the subject</source>
        <translation>镜头向前移动，靠近主体</translation>
    </message>
    <message>
        <source>The camera moves back, away from the subject</source>
        <translation>镜头向后移动，远离主体</translation>
    </message>
    <message>
        <source>The whole camera rises straight up</source>
        <translation>整个镜头垂直上升</translation>
    </message>
    <message>
        <source>The whole camera sinks straight down</source>
        <translation>整个镜头垂直下降</translation>
    </message>
    <message>
        <source>The whole camera slides sideways to the left</source>
        <translation>整个镜头向左平移</translation>
    </message>
    <message>
        <source>The whole camera slides sideways to the right</source>
        <translation>整个镜头向右平移</translation>
    </message>
    <message>
        <source>The lens zooms in to magnify; the camera stays put</source>
        <translation>镜头变焦放大画面，机位不动</translation>
    </message>
    <message>
        <source>The lens zooms out to widen; the camera stays put</source>
        <translation>镜头变焦拉宽画面，机位不动</translation>
    </message>
    <message>
        <source>The picture shakes, as if the camera were handheld</source>
        <translation>画面晃动，像手持拍摄一样</translation>
    </message>
    <message>
        <source>The camera follows the moving subject</source>
        <translation>镜头跟随运动的主体</translation>
    </message>
    <message>
        <source>The camera stays completely still</source>
        <translation>镜头完全静止不动</translation>
    </message>
    <message>
        <source>This &quot;[&quot; is never closed. Camera moves go between square brackets, like [Pan left]: add the missing &quot;]&quot; on the same line, or remove the &quot;[&quot;.</source>
        <translation>这个“[”没有闭合。运镜要写在方括号里，例如 [Pan left]：请在同一行补上缺少的“]”，或删除这个“[”。</translation>
    </message>
    <message>
        <source>This &quot;]&quot; has no &quot;[&quot; before it on the same line. Remove it, or add the missing &quot;[&quot; before the camera move.</source>
        <translation>这个“]”在同一行前面没有对应的“[”。请删除它，或在运镜前补上缺少的“[”。</translation>
    </message>
    <message>
        <source>These brackets are empty. Put a camera move inside, like [Push in], or remove them.</source>
        <translation>方括号是空的。请在里面写一个运镜，例如 [Push in]，或删除这对方括号。</translation>
    </message>
    <message>
        <source>Hailuo reads square brackets as camera moves, and {text} is not one. If this is part of the description, use round brackets ( ) instead.</source>
        <translation>海螺会把方括号里的内容当作运镜，而 {text} 不是运镜。如果这是描述的一部分，请改用圆括号 ( )。</translation>
    </message>
    <message>
        <source>This bracket has {count} camera moves; Hailuo combines at most {limit} at once. Move the extra ones into a bracket of their own after this one to make them happen next.</source>
        <translation>这个方括号里有 {count} 个运镜；海螺一次最多组合 {limit} 个。把多出的运镜移到后面单独的方括号里，它们就会接着进行。</translation>
    </message>
    <message>
        <source>{text} is not a camera move Hailuo knows. Try one of: {suggestions}.</source>
        <translation>{text} 不是海螺认识的运镜。可以试试：{suggestions}。</translation>
    </message>
    <message>
        <source>{text} is not a camera move Hailuo knows. The camera moves are: {names}.</source>
        <translation>{text} 不是海螺认识的运镜。可用的运镜有：{names}。</translation>
    </message>
    <message>
        <source>H3 ignores camera moves in square brackets. Say it in words instead, like &quot;the camera slowly pushes in&quot;.</source>
        <translation>H3 会忽略方括号里的运镜。请改用文字描述，例如“镜头缓缓推近”。</translation>
    </message>
    <message>
        <source>Something went wrong.</source>
        <translation>出错了。</translation>
    </message>
    <message>
        <source>Some of the settings for this video are not valid.</source>
        <translation>这个视频的部分设置无效。</translation>
    </message>
    <message>
        <source>The video service did not accept this request. Check the prompt and options, then try again.</source>
        <translation>视频服务没有接受这个请求。请检查提示词和选项，然后重试。</translation>
    </message>
    <message>
        <source>The API key is missing or was not accepted. Open Settings and paste a valid key.</source>
        <translation>缺少 API 密钥，或密钥未被接受。请打开设置，粘贴有效的密钥。</translation>
    </message>
    <message>
        <source>Your ToAPIs account is out of credits. Top up your balance, then try again.</source>
        <translation>你的 ToAPIs 账户积分不足。请充值后重试。</translation>
    </message>
    <message>
        <source>The video service does not know this task. Check the task id.</source>
        <translation>视频服务找不到这个任务。请检查任务 ID。</translation>
    </message>
    <message>
        <source>The video service refused this prompt or picture under its content rules. Rephrase the prompt (avoid real people, violence or brands) or use another picture.</source>
        <translation>视频服务根据内容规则拒绝了这个提示词或图片。请改写提示词（避免真实人物、暴力或品牌），或换一张图片。</translation>
    </message>
    <message>
        <source>The video service asks us to slow down; waiting a moment, then retrying.</source>
        <translation>视频服务要求放慢请求速度；稍等片刻后会自动重试。</translation>
    </message>
    <message>
        <source>The video service is having trouble right now. Retrying shortly.</source>
        <translation>视频服务暂时出现故障，稍后会自动重试。</translation>
    </message>
    <message>
        <source>Cannot reach the video service. Check your internet connection; the app keeps trying by itself.</source>
        <translation>无法连接视频服务。请检查网络连接；应用会自动继续尝试。</translation>
    </message>
    <message>
        <source>The video service sent a reply the app cannot read. This is usually temporary.</source>
        <translation>视频服务返回了应用无法读取的响应。这通常是暂时的。</translation>
    </message>
    <message>
        <source>The video could not be generated. Try again, perhaps with a simpler prompt.</source>
        <translation>视频未能生成。请重试，也可以换一个更简单的提示词。</translation>
    </message>
    <message>
        <source>The video service finished but returned no video (provider returned no video). Try generating it again.</source>
        <translation>视频服务已完成，但没有返回视频（provider returned no video）。请重新生成。</translation>
    </message>
    <message>
        <source>This video was not downloaded within 24 hours of finishing, and the service no longer keeps it.</source>
        <translation>这个视频在完成后 24 小时内没有下载，服务已不再保留它。</translation>
    </message>
    <message>
        <source>The picture or video was not accepted by the video service.</source>
        <translation>视频服务没有接受这张图片或这个视频。</translation>
    </message>
    <message>
        <source>A video of this story could not be read or joined. Make the shot again, or look at the details.</source>
        <translation>此故事中的某个视频无法读取或拼接。请重新生成该镜头，或查看详细信息。</translation>
    </message>
    <message>
        <source>The job history was damaged. It was moved aside and a fresh history was started.</source>
        <translation>任务记录已损坏。已将它移到一旁保留，并新建了一份任务记录。</translation>
    </message>
    <message>
        <source>The job history cannot be opened, so Hailuo Desktop cannot start. Nothing in it was changed; the details say why.</source>
        <translation>无法打开任务记录，因此 Hailuo Desktop 无法启动。记录中的内容未被更改；详细信息中说明了原因。</translation>
    </message>
    <message>
        <source>This video would pass your spending cap. Raise the cap in Settings.</source>
        <translation>这个视频会超出您的花费上限。请在“设置”中提高上限。</translation>
    </message>
    <message>
        <source>The capped key reached its daily or monthly limit, so the video service refused this video; nothing was charged. Wait until tomorrow (or next month), or go back to your own key in Settings.</source>
        <translation>限额密钥已达到每日或每月上限，视频服务拒绝了这个视频，没有扣费。请等到明天（或下个月），或在设置中改回使用您自己的密钥。</translation>
    </message>
    <message>
        <source>The service did not let this key create a capped key; your key is unchanged.</source>
        <translation>服务不允许用这个密钥创建限额密钥；您的密钥没有改变。</translation>
    </message>
    <message>
        <source>The job history {path} was damaged. It was moved to {moved_to} and a fresh history was started.</source>
        <translation>任务记录 {path} 已损坏。已将它移到 {moved_to}，并新建了一份任务记录。</translation>
    </message>
    <message>
        <source>This job was saved by a newer version of Hailuo Desktop. This version cannot read it and leaves it as it is.</source>
        <translation>这个任务由更新版本的 Hailuo Desktop 保存，当前版本无法读取，因此保持原样、不做任何改动。</translation>
    </message>
    <message>
        <source>The first-frame picture was not accepted by the video service.</source>
        <translation type="vanished">视频服务没有接受这张首帧图片。</translation>
    </message>
    <message>
        <source>The service address must start with https:// (plain http is allowed only for this computer). Check the base URL in Settings.</source>
        <translation>服务地址必须以 https:// 开头（只有本机地址可以用 http）。请在设置中检查服务地址。</translation>
    </message>
    <message>
        <source>The video could not be saved: the disk is full or the library folder cannot be written. Free some space or choose another folder in Settings.</source>
        <translation>视频无法保存：磁盘已满，或视频库文件夹无法写入。请释放一些空间，或在设置中选择其他文件夹。</translation>
    </message>
    <message>
        <source>We could not confirm that the video service received this request, and it may already be generating (and billed). It was not sent again, and the service does not know it yet. Use &quot;Check again&quot; later, look at the task logs on ToAPIs, or retry to start a new paid generation.</source>
        <translation>无法确认视频服务是否收到了这个请求，它可能已经在生成（并已扣费）。应用没有重新发送，服务目前也查不到它。请稍后点击“再次查询”，或在 ToAPIs 上查看任务日志，或点击重试开始一次新的付费生成。</translation>
    </message>
    <message>
        <source>We could not confirm that the video service received this request, and it may already be generating (and billed). It was not sent again. Check your history on ToAPIs, or retry to start a new paid generation.</source>
        <translation type="vanished">无法确认视频服务是否收到了这个请求，它可能已经在生成（并已扣费）。应用没有重新发送。请在 ToAPIs 上查看你的历史记录，或点击重试开始一次新的付费生成。</translation>
    </message>
    <message>
        <source>This model is unavailable right now; nothing was charged. Trying again shortly.</source>
        <translation>这个模型暂时不可用；没有扣费。稍后会自动重试。</translation>
    </message>
    <message>
        <source>The video service has no task for this job: the request did not arrive, or not yet. Nothing was sent again.</source>
        <translation>视频服务中没有这个任务：请求没有送达，或尚未送达。应用没有重新发送。</translation>
    </message>
    <message>
        <source>The video is finished but its download link was refused (HTTP {status}); links can take a moment to work everywhere.</source>
        <translation>视频已生成，但下载链接被拒绝（HTTP {status}）；链接可能需要片刻才能在各处生效。</translation>
    </message>
    <message>
        <source>Another program is using the job history right now; the job waits for it.</source>
        <translation>另一个程序正在使用任务记录，任务会等它用完再继续。</translation>
    </message>
    <message>
        <source>This file is not a picture the app can read. Use a JPEG, PNG or WebP image.</source>
        <translation>这个文件不是应用能读取的图片。请使用 JPEG、PNG 或 WebP 图片。</translation>
    </message>
    <message>
        <source>Hailuo does not accept {format} pictures; it needs JPEG, PNG or WebP.</source>
        <translation>海螺不接受 {format} 图片，需要 JPEG、PNG 或 WebP。</translation>
    </message>
    <message>
        <source>This picture is animated; Hailuo needs a still image as the first frame.</source>
        <translation>这是一张动图；海螺需要静态图片作为首帧。</translation>
    </message>
    <message>
        <source>The picture is {size}; the upload limit is 10 MB.</source>
        <translation>图片大小为 {size}；上传上限是 10 MB。</translation>
    </message>
    <message>
        <source>The picture is {width}×{height} pixels; its shorter side must be at least {minimum} pixels. Use a larger picture.</source>
        <translation>图片为 {width}×{height} 像素；短边至少需要 {minimum} 像素。请使用更大的图片。</translation>
    </message>
    <message>
        <source>The picture is {width}×{height} pixels; its longer side may be at most {maximum} pixels. Use a smaller picture.</source>
        <translation>图片为 {width}×{height} 像素；长边最多 {maximum} 像素。请使用更小的图片。</translation>
    </message>
    <message>
        <source>The picture is {width}×{height} pixels; its shorter side must be more than 300 pixels. Use a larger picture.</source>
        <translation type="vanished">图片为 {width}×{height} 像素；短边必须大于 300 像素。请使用更大的图片。</translation>
    </message>
    <message>
        <source>The picture is {width}×{height} pixels, too wide: its sides may differ by at most 5 to 2. Crop it closer to a square.</source>
        <translation>图片为 {width}×{height} 像素，太宽了：长短边之比最多为 5:2。请裁剪得更接近正方形。</translation>
    </message>
    <message>
        <source>The picture is {width}×{height} pixels, too tall: its sides may differ by at most 5 to 2. Crop it closer to a square.</source>
        <translation>图片为 {width}×{height} 像素，太高了：长短边之比最多为 5:2。请裁剪得更接近正方形。</translation>
    </message>
    <message>
        <source>Describe the video you want first.</source>
        <translation>请先描述你想要的视频。</translation>
    </message>
    <message>
        <source>The prompt has {count} characters; {model} accepts at most {limit}. Shorten it by {excess}.</source>
        <translation>提示词有 {count} 个字符，{model} 最多接受 {limit} 个。请删减 {excess} 个字符。</translation>
    </message>
    <message>
        <source>{model} makes videos of {choices} seconds, not {seconds}.</source>
        <translation>{model} 生成 {choices} 秒的视频，不能是 {seconds} 秒。</translation>
    </message>
    <message>
        <source>{model} makes videos of {shortest} to {longest} seconds, not {seconds}.</source>
        <translation>{model} 生成 {shortest} 到 {longest} 秒的视频，不能是 {seconds} 秒。</translation>
    </message>
    <message>
        <source>{model} makes videos at {choices}, not {resolution}.</source>
        <translation>{model} 支持的分辨率是 {choices}，不支持 {resolution}。</translation>
    </message>
    <message>
        <source>{resolution} videos can be at most {longest} seconds long. Choose a shorter video, or another resolution.</source>
        <translation>{resolution} 视频最长 {longest} 秒。请选择更短的时长，或换一个分辨率。</translation>
    </message>
    <message>
        <source>{model} turns a picture into a video: add a first frame, or switch to Hailuo 2.3.</source>
        <translation>{model} 用图片生成视频：请添加首帧，或切换到 Hailuo 2.3。</translation>
    </message>
    <message>
        <source>{model} has no last frame: remove it, or choose Hailuo 02 or H3.</source>
        <translation>{model} 不支持尾帧：请移除尾帧，或选择 Hailuo 02 或 H3。</translation>
    </message>
    <message>
        <source>A last frame needs a first frame too: add the picture the video starts from.</source>
        <translation>使用尾帧时也需要首帧：请添加视频开始时的图片。</translation>
    </message>
    <message>
        <source>{model} cannot end on a last frame at {resolution}: choose a higher resolution.</source>
        <translation>{model} 在 {resolution} 下不能使用尾帧：请选择更高的分辨率。</translation>
    </message>
    <message>
        <source>{model} takes no reference pictures or videos: remove them, or choose H3.</source>
        <translation>{model} 不支持参考图片或参考视频：请移除它们，或选择 H3。</translation>
    </message>
    <message>
        <source>{model} takes at most {limit} reference pictures; remove {excess}.</source>
        <translation>{model} 最多接受 {limit} 张参考图片；请移除 {excess} 张。</translation>
    </message>
    <message>
        <source>{model} takes at most {limit} reference videos; remove {excess}.</source>
        <translation>{model} 最多接受 {limit} 个参考视频；请移除 {excess} 个。</translation>
    </message>
    <message>
        <source>Frames and references cannot be used together: keep the first and last frame, or the reference pictures and videos.</source>
        <translation>首尾帧和参考素材不能同时使用：请保留首帧和尾帧，或保留参考图片和视频。</translation>
    </message>
    <message>
        <source>{model} takes its shape from the first frame; it has no aspect-ratio choice.</source>
        <translation>{model} 的画面比例由首帧决定，不能选择画面比例。</translation>
    </message>
    <message>
        <source>&quot;Adaptive&quot; follows a picture or video; without one, choose a shape such as 16:9.</source>
        <translation>“自适应”需要跟随图片或视频；没有时请选择 16:9 等比例。</translation>
    </message>
    <message>
        <source>≈ ${usd} ({credits} credits, a guess: no published price)</source>
        <translation>≈ ${usd}（{credits} 积分，估计值：没有公开价格）</translation>
    </message>
    <message>
        <source>The prompt has {count} characters; Hailuo accepts at most {limit}. Shorten it by {excess}.</source>
        <translation type="vanished">提示词有 {count} 个字符，海螺最多接受 {limit} 个。请删减 {excess} 个字符。</translation>
    </message>
    <message>
        <source>1080p videos can only be 6 seconds long. Choose 6 s, or 768p for 10 s.</source>
        <translation type="vanished">1080p 视频只能是 6 秒。请选择 6 秒，或用 768p 生成 10 秒视频。</translation>
    </message>
    <message>
        <source>Hailuo 2.3 Fast turns a picture into a video: add a first frame, or switch to Hailuo 2.3.</source>
        <translation type="vanished">Hailuo 2.3 Fast 用图片生成视频：请添加首帧，或切换到 Hailuo 2.3。</translation>
    </message>
    <message>
        <source>≈ ${usd} ({credits} credits, estimate)</source>
        <translation>≈ ${usd}（{credits} 积分，预估）</translation>
    </message>
    <message>
        <source>The first-frame picture could not be read.</source>
        <translation type="vanished">无法读取首帧图片。</translation>
    </message>
    <message>
        <source>The file {name} could not be read.</source>
        <translation>无法读取文件 {name}。</translation>
    </message>
    <message>
        <source>The video service sent more than {limit} for one video, far more than any clip; the download was stopped and nothing was kept.</source>
        <translation>视频服务为一个视频发送了超过 {limit} 的数据，远超任何视频片段；下载已停止，没有保留任何文件。</translation>
    </message>
    <message>
        <source>The download was interrupted; it will continue where it stopped.</source>
        <translation>下载中断了，会从中断处继续。</translation>
    </message>
    <message>
        <source>No API key is set. Open Settings and paste your ToAPIs key.</source>
        <translation>还没有设置 API 密钥。请打开设置，粘贴你的 ToAPIs 密钥。</translation>
    </message>
    <message>
        <source>The API key contains characters that no key has (a space, an accent or an invisible character from copying). Open Settings and paste the key again.</source>
        <translation>API 密钥中有密钥不会包含的字符（空格、带重音的字母，或复制时带上的不可见字符）。请打开设置，重新粘贴密钥。</translation>
    </message>
    <message>
        <source>The video service did not answer in time.</source>
        <translation>视频服务没有及时响应。</translation>
    </message>
    <message>
        <source>The service address sent the app elsewhere (a redirect), which the app does not follow. Check the service address in Settings.</source>
        <translation>服务地址把应用转到了别处（重定向），应用不会跟随。请在设置中检查服务地址。</translation>
    </message>
    <message>
        <source>The first-frame picture is larger than the 10 MB the service accepts.</source>
        <translation type="vanished">首帧图片超过了服务接受的 10 MB 上限。</translation>
    </message>
    <message>
        <source>The service accepts only JPEG, PNG, WebP or GIF pictures as a first frame.</source>
        <translation type="vanished">服务只接受 JPEG、PNG、WebP 或 GIF 图片作为首帧。</translation>
    </message>
    <message>
        <source>The video service did not accept this request: {reason}</source>
        <translation>视频服务没有接受这个请求：{reason}</translation>
    </message>
    <message>
        <source>The downloaded file is not a video. It will be downloaded again.</source>
        <translation>下载的文件不是视频，将重新下载。</translation>
    </message>
    <message>
        <source>Videos cannot be saved in {folder} ({reason}). Choose another folder in Settings; nothing was sent or charged.</source>
        <translation>无法将视频保存到 {folder}（{reason}）。请在设置中选择其他文件夹；未发送任何请求，也未扣费。</translation>
    </message>
    <message>
        <source>The disk of {folder} is almost full ({free} MB free). Free some space or choose another folder in Settings; nothing was sent or charged.</source>
        <translation>{folder} 所在磁盘几乎已满（剩余 {free} MB）。请释放一些空间，或在设置中选择其他文件夹；未发送任何请求，也未扣费。</translation>
    </message>
    <message>
        <source>Paste the id of a task to add it.</source>
        <translation>请粘贴要添加的任务 ID。</translation>
    </message>
    <message>
        <source>{message} Trying again in {seconds} s.</source>
        <translation>{message}{seconds} 秒后重试。</translation>
    </message>
    <message>
        <source>There is no job {job_id} in the history.</source>
        <translation>历史记录中没有任务 {job_id}。</translation>
    </message>
    <message>
        <source>Saved in the system keyring</source>
        <translation>已保存在系统密钥环中</translation>
    </message>
    <message>
        <source>No system keyring is available: the key is kept until you quit</source>
        <translation>没有可用的系统密钥环：密钥只保留到你退出应用为止</translation>
    </message>
    <message>
        <source>The picture is larger than the 10 MB the service accepts.</source>
        <translation>图片超过了服务接受的 10 MB 上限。</translation>
    </message>
    <message>
        <source>The service accepts only JPEG, PNG, WebP or GIF pictures.</source>
        <translation>服务只接受 JPEG、PNG、WebP 或 GIF 图片。</translation>
    </message>
    <message>
        <source>The video is larger than the 50 MB the service accepts.</source>
        <translation>视频超过了服务接受的 50 MB 上限。</translation>
    </message>
    <message>
        <source>The service accepts only MP4 or MOV videos as references.</source>
        <translation>服务只接受 MP4 或 MOV 视频作为参考视频。</translation>
    </message>
    <message>
        <source>{name} is not a video the service accepts; use an MP4 or MOV file.</source>
        <translation>{name} 不是服务接受的视频；请使用 MP4 或 MOV 文件。</translation>
    </message>
    <message>
        <source>{name} is {size}; a reference video may be at most 50 MB.</source>
        <translation>{name} 大小为 {size}；参考视频最大 50 MB。</translation>
    </message>
    <message>
        <source>{name} lasts {seconds} s; a reference video must last {shortest}–{longest} s.</source>
        <translation>{name} 时长 {seconds} 秒；参考视频必须为 {shortest}–{longest} 秒。</translation>
    </message>
    <message>
        <source>The reference videos last {seconds} s together; at most {longest} s are accepted.</source>
        <translation>参考视频总时长 {seconds} 秒；最多接受 {longest} 秒。</translation>
    </message>
    <message>
        <source>The video service gave the video&apos;s address as {address}, which the app does not fetch: only https addresses are used.</source>
        <translation>视频服务给出的视频地址是 {address}，应用不会下载它：只使用 https 地址。</translation>
    </message>
    <message>
        <source>This video (≈ ${usd}) would pass today&apos;s cap of ${cap}: ${left} is left today. Raise the cap in Settings or wait until tomorrow.</source>
        <translation>这个视频（约 ${usd}）会超出今天 ${cap} 的上限：今天还剩 ${left}。请在“设置”中提高上限，或等到明天。</translation>
    </message>
    <message>
        <source>This video (≈ ${usd}) would pass this month&apos;s cap of ${cap}: ${left} is left this month. Raise the cap in Settings or wait until next month.</source>
        <translation>这个视频（约 ${usd}）会超出本月 ${cap} 的上限：本月还剩 ${left}。请在“设置”中提高上限，或等到下个月。</translation>
    </message>
    <message>
        <source>Set a daily or a monthly spending cap first: the capped key stops at those caps. Your key is unchanged.</source>
        <translation>请先设置每日或每月花费上限：限额密钥会在这些上限处停止。您的密钥没有改变。</translation>
    </message>
    <message>
        <source>The key comes from the TOAPIS_API_KEY environment variable, which the app cannot replace. Your key is unchanged.</source>
        <translation>密钥来自环境变量 TOAPIS_API_KEY，应用无法替换它。您的密钥没有改变。</translation>
    </message>
    <message>
        <source>The app already uses a capped key. To make one with other caps, go back to your own key first. Your key is unchanged.</source>
        <translation>应用已经在使用限额密钥。要用其他上限创建新的限额密钥，请先改回您自己的密钥。您的密钥没有改变。</translation>
    </message>
    <message>
        <source>A capped key was made, but the system keyring did not keep it, so your own key stays in use. The capped key (“{name}”) is in your ToAPIs console: delete it there.</source>
        <translation>限额密钥已创建，但系统钥匙串没有保存它，因此仍在使用您自己的密钥。该限额密钥（“{name}”）在您的 ToAPIs 控制台中：请在那里删除它。</translation>
    </message>
    <message>
        <source>No capped key was made: {reason} Your key is unchanged.</source>
        <translation>没有创建限额密钥：{reason} 您的密钥没有改变。</translation>
    </message>
    <message>
        <source>the service could not be reached or did not answer properly. If a key named {name} appears in your ToAPIs console, you may delete it there.</source>
        <translation>无法连接到服务，或服务没有正常回复。如果您的 ToAPIs 控制台中出现名为 {name} 的密钥，可以在那里删除它。</translation>
    </message>
    <message>
        <source>The app now uses a capped key that the service stops at ${daily} a day and ${monthly} a month. Your own key is kept aside: Settings can go back to it.</source>
        <translation>应用现在使用限额密钥，服务会在每天 ${daily}、每月 ${monthly} 处让它停止。您自己的密钥已另行保存：可以在设置中改回。</translation>
    </message>
    <message>
        <source>The app now uses a capped key that the service stops at ${daily} a day. Your own key is kept aside: Settings can go back to it.</source>
        <translation>应用现在使用限额密钥，服务会在每天 ${daily} 处让它停止。您自己的密钥已另行保存：可以在设置中改回。</translation>
    </message>
    <message>
        <source>The app now uses a capped key that the service stops at ${monthly} a month. Your own key is kept aside: Settings can go back to it.</source>
        <translation>应用现在使用限额密钥，服务会在每月 ${monthly} 处让它停止。您自己的密钥已另行保存：可以在设置中改回。</translation>
    </message>
    <message>
        <source>The app uses your own key again. The capped key still exists in your ToAPIs console; delete it there if no other program uses it.</source>
        <translation>应用已改回使用您自己的密钥。限额密钥仍在您的 ToAPIs 控制台中；如果没有其他程序使用它，可以在那里删除。</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text (line {line} cannot be read). Save it as UTF-8 (in a spreadsheet: &quot;CSV UTF-8&quot;) and open it again.</source>
        <translation>该文件不是 UTF-8 文本（第 {line} 行无法读取）。请另存为 UTF-8（在电子表格中选择“CSV UTF-8”）后再打开。</translation>
    </message>
    <message>
        <source>The file is empty: there are no videos to make.</source>
        <translation>文件是空的：没有要生成的视频。</translation>
    </message>
    <message>
        <source>The file has only its header: add one row per video under it.</source>
        <translation>文件只有表头：请在表头下为每个视频添加一行。</translation>
    </message>
    <message>
        <source>unknown column &quot;{name}&quot;; the columns are {columns}.</source>
        <translation>未知的列“{name}”；可用的列为 {columns}。</translation>
    </message>
    <message>
        <source>the column is named twice.</source>
        <translation>该列名出现了两次。</translation>
    </message>
    <message>
        <source>the header must name a &quot;prompt&quot; column (the first line names the columns).</source>
        <translation>表头必须包含“prompt”列（第一行为列名）。</translation>
    </message>
    <message>
        <source>a quote (&quot;) here is not closed, or a quoted cell has more text after its closing quote. Put quotes around the whole cell, and write a quote inside it as two quotes (&quot;&quot;).</source>
        <translation>此处的引号（&quot;）没有闭合，或带引号的单元格在右引号之后还有文字。请用引号括住整个单元格，单元格内的引号写成两个引号（&quot;&quot;）。</translation>
    </message>
    <message>
        <source>this row has {count} fields but the header names {columns} columns (a comma too many, or a prompt with a comma that needs quotes?).</source>
        <translation>此行有 {count} 个字段，而表头只有 {columns} 列（多了一个逗号？或者含逗号的提示词需要加引号？）。</translation>
    </message>
    <message>
        <source>unknown model &quot;{value}&quot;; choose one of {choices}.</source>
        <translation>未知的模型“{value}”；请从 {choices} 中选择。</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; is not a whole number of seconds.</source>
        <translation>“{value}”不是整数秒数。</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; is not a resolution; choose one of {choices}.</source>
        <translation>“{value}”不是分辨率；请从 {choices} 中选择。</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; is not an aspect ratio; choose one of {choices}.</source>
        <translation>“{value}”不是画面比例；请从 {choices} 中选择。</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; is not a repeat count; write a whole number from 1 to {limit}.</source>
        <translation>“{value}”不是重复次数；请填写 1 到 {limit} 之间的整数。</translation>
    </message>
    <message>
        <source>there is no preset named &quot;{value}&quot;.</source>
        <translation>没有名为“{value}”的预设。</translation>
    </message>
    <message>
        <source>the picture {path} does not exist.</source>
        <translation>图片 {path} 不存在。</translation>
    </message>
    <message>
        <source>The folder {folder} has no pictures (PNG, JPEG or WebP).</source>
        <translation>文件夹 {folder} 中没有图片（PNG、JPEG 或 WebP）。</translation>
    </message>
    <message>
        <source>There are no prompts: write one prompt per line.</source>
        <translation>没有提示词：请每行写一个提示词。</translation>
    </message>
    <message>
        <source>line {line}, column {column}: {rule}</source>
        <translation>第 {line} 行，{column} 列：{rule}</translation>
    </message>
    <message>
        <source>line {line}: {rule}</source>
        <translation>第 {line} 行：{rule}</translation>
    </message>
    <message>
        <source>Nothing was queued: fix these problems and try again.
{problems}</source>
        <translation>未加入任何任务：请修正以下问题后重试。
{problems}</translation>
    </message>
    <message>
        <source>The repeat count must be a whole number from 1 to {limit}.</source>
        <translation>重复次数必须是 1 到 {limit} 之间的整数。</translation>
    </message>
    <message>
        <source>This batch is not in the history.</source>
        <translation>历史记录中没有这个批次。</translation>
    </message>
    <message>
        <source>The presets file is not valid JSON (line {line}, column {column}: {reason}).</source>
        <translation>预设文件不是有效的 JSON（第 {line} 行，第 {column} 列：{reason}）。</translation>
    </message>
    <message>
        <source>This is not a presets file of Hailuo Desktop (it needs &quot;format&quot;: &quot;hailuo-desktop-presets&quot; and a &quot;presets&quot; list).</source>
        <translation>这不是 Hailuo Desktop 的预设文件（需要 &quot;format&quot;: &quot;hailuo-desktop-presets&quot; 和 &quot;presets&quot; 列表）。</translation>
    </message>
    <message>
        <source>The presets file has version {version}; this Hailuo Desktop reads version {supported}. Update the app to import it.</source>
        <translation>该预设文件的版本为 {version}；此版本的 Hailuo Desktop 只能读取版本 {supported}。请更新应用后再导入。</translation>
    </message>
    <message>
        <source>Preset {number} ({name}): {reason}</source>
        <translation>预设 {number}（{name}）：{reason}</translation>
    </message>
    <message>
        <source>Nothing was imported: fix the file and try again.
{problems}</source>
        <translation>未导入任何内容：请修正文件后重试。
{problems}</translation>
    </message>
    <message>
        <source>a preset needs a &quot;name&quot; and a &quot;prompt&quot; (text).</source>
        <translation>预设需要 &quot;name&quot; 和 &quot;prompt&quot;（文本）。</translation>
    </message>
    <message>
        <source>unknown field &quot;{field}&quot;.</source>
        <translation>未知字段“{field}”。</translation>
    </message>
    <message>
        <source>unknown model &quot;{model}&quot;; choose one of {choices}.</source>
        <translation>未知的模型“{model}”；请从 {choices} 中选择。</translation>
    </message>
    <message>
        <source>&quot;{field}&quot; cannot be {value}.</source>
        <translation>“{field}”不能为 {value}。</translation>
    </message>
    <message>
        <source>the name is used twice in the file.</source>
        <translation>文件中该名称出现了两次。</translation>
    </message>
    <message>
        <source>The presets file {path} cannot be read: {reason}</source>
        <translation>无法读取预设文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>it is not UTF-8 text.</source>
        <translation>它不是 UTF-8 文本。</translation>
    </message>
    <message>
        <source>{path} cannot be read ({reason}).</source>
        <translation>无法读取 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>A story needs at least one shot.</source>
        <translation>故事至少需要一个镜头。</translation>
    </message>
    <message>
        <source>Give the story a title.</source>
        <translation>请为故事起一个标题。</translation>
    </message>
    <message>
        <source>The first shot cannot continue: there is no shot before it.</source>
        <translation>第一个镜头不能接续：它前面没有镜头。</translation>
    </message>
    <message>
        <source>Shot {number} continues the shot before, so it starts on that shot&apos;s last frame: remove its own first frame, or let it start afresh.</source>
        <translation>镜头 {number} 接续前一个镜头，因此从该镜头的最后一帧开始：请移除它自己的首帧，或让它重新开始。</translation>
    </message>
    <message>
        <source>Shot {number} continues the shot before, but {model} cannot start from a picture: choose another model.</source>
        <translation>镜头 {number} 接续前一个镜头，但 {model} 不能从图片开始：请选择其他模型。</translation>
    </message>
    <message>
        <source>Shot {number}: {problem}</source>
        <translation>镜头 {number}：{problem}</translation>
    </message>
    <message>
        <source>Shot {before} failed, so shot {number}, which continues from it, was not made.</source>
        <translation>镜头 {before} 失败，因此接续它的镜头 {number} 没有生成。</translation>
    </message>
    <message>
        <source>Shot {before} is not finished ({state}), so shot {number}, which continues from it, was not made.</source>
        <translation>镜头 {before} 尚未完成（{state}），因此接续它的镜头 {number} 没有生成。</translation>
    </message>
    <message>
        <source>Shot {before} was not made, so shot {number}, which continues from it, was not made either.</source>
        <translation>镜头 {before} 没有生成，因此接续它的镜头 {number} 也没有生成。</translation>
    </message>
    <message>
        <source>There is no story {story_id} in the history.</source>
        <translation>历史记录中没有故事 {story_id}。</translation>
    </message>
    <message>
        <source>The last frame of shot {before} could not be read, so shot {number} was not made. Make shot {before} again.</source>
        <translation>无法读取镜头 {before} 的最后一帧，因此镜头 {number} 没有生成。请重新生成镜头 {before}。</translation>
    </message>
    <message>
        <source>{title} is being made already: wait for it to finish.</source>
        <translation>“{title}”正在生成中：请等它完成。</translation>
    </message>
    <message>
        <source>{title} is being exported already: wait for that export to finish.</source>
        <translation>{title} 正在导出：请等这次导出完成。</translation>
    </message>
    <message>
        <source>Shot {number} is still being made: wait for it before making it again.</source>
        <translation>镜头 {number} 仍在生成中：请等它完成后再重新生成。</translation>
    </message>
    <message>
        <source>Shot {number} was changed or made elsewhere (in another window or command) while it was about to be sent, so it was not sent from here. Make the story again to go on.</source>
        <translation>镜头 {number} 在即将发送时已被修改，或已在别处（另一个窗口或命令）制作，因此没有从这里发送。请再次制作这个故事以继续。</translation>
    </message>
    <message>
        <source>Another program was using the job history, so shot {number} was not sent (nothing was paid). Make the story again in a moment.</source>
        <translation>另一个程序正在使用任务记录，因此镜头 {number} 没有发送（没有扣费）。请稍后再次制作这个故事。</translation>
    </message>
    <message>
        <source>Shot {number} is {state}: it was left as it is (make it again to replace it).</source>
        <translation>镜头 {number} 的状态为“{state}”：已保持原样（重新生成即可替换）。</translation>
    </message>
    <message>
        <source>Shot {number} is not done yet: make the story before exporting it.</source>
        <translation>镜头 {number} 尚未完成：请先生成故事再导出。</translation>
    </message>
    <message>
        <source>The shots of {title} could not be joined into one video.</source>
        <translation>{title} 的镜头无法拼接成一个视频。</translation>
    </message>
    <message>
        <source>Another program is using the job history right now, so nothing was changed. Try again in a moment.</source>
        <translation>另一个程序正在使用任务记录，因此没有做任何更改。请稍后再试。</translation>
    </message>
    <message>
        <source>The app is closing, so the batch was not queued.</source>
        <translation>应用正在关闭，因此该批量任务未加入队列。</translation>
    </message>
</context>
<context>
    <name>OptionsPanel</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Hailuo 2.3 — text or picture</source>
        <translation>Hailuo 2.3——文字或图片</translation>
    </message>
    <message>
        <source>Hailuo 2.3 Fast — picture only</source>
        <translation>Hailuo 2.3 Fast——仅限图片</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>&amp;Shape</source>
        <translation>画面比例(&amp;S)</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Improve my prompt</source>
        <translation>优化我的提示词</translation>
    </message>
    <message>
        <source>Hailuo 02 — first and last frame</source>
        <translation>Hailuo 02——首帧和尾帧</translation>
    </message>
    <message>
        <source>H3 — with sound, 4–15 s</source>
        <translation>H3——带声音，4–15 秒</translation>
    </message>
    <message>
        <source>Duration in seconds</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>画面比例</translation>
    </message>
    <message>
        <source>21:9 cinema</source>
        <translation>21:9 电影</translation>
    </message>
    <message>
        <source>16:9 landscape</source>
        <translation>16:9 横屏</translation>
    </message>
    <message>
        <source>4:3</source>
        <translation>4:3</translation>
    </message>
    <message>
        <source>1:1 square</source>
        <translation>1:1 方形</translation>
    </message>
    <message>
        <source>3:4</source>
        <translation>3:4</translation>
    </message>
    <message>
        <source>9:16 portrait</source>
        <translation>9:16 竖屏</translation>
    </message>
    <message>
        <source>Adaptive — follows the pictures</source>
        <translation>自适应——跟随图片</translation>
    </message>
    <message>
        <source>♪ With sound</source>
        <translation>♪ 带声音</translation>
    </message>
    <message>
        <source>H3 makes the sound too: describe it under Soundscape and Music.</source>
        <translation>H3 也会生成声音：在 Soundscape（音效）和 Music（音乐）下描述它。</translation>
    </message>
    <message>
        <source>Hailuo rewrites the prompt for a better video. Turn off to keep it as is.</source>
        <translation>海螺会改写提示词，让视频效果更好。关闭则保持原样。</translation>
    </message>
    <message>
        <source>Fast pretreatment</source>
        <translation>快速预处理</translation>
    </message>
    <message>
        <source>Shortens the prompt rewriting step: a little quicker, a little less polish.</source>
        <translation>缩短提示词改写步骤：稍快一些，润色稍少。</translation>
    </message>
    <message>
        <source>Watermark</source>
        <translation>水印</translation>
    </message>
    <message>
        <source>Adds an “AI generated” mark to the video.</source>
        <translation>在视频上添加“AI 生成”标记。</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Resolution</source>
        <translation>分辨率(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Duration</source>
        <translation>时长(&amp;D)</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>resolution {old} → {new}</source>
        <translation>分辨率 {old} → {new}</translation>
    </message>
    <message>
        <source>duration {old} s → {new} s</source>
        <translation>时长 {old} 秒 → {new} 秒</translation>
    </message>
    <message>
        <source>{resolution} videos are at most {seconds} seconds long: the duration is now {seconds} seconds.</source>
        <translation>{resolution} 视频最长 {seconds} 秒：时长已改为 {seconds} 秒。</translation>
    </message>
    <message>
        <source>{seconds}-second videos are made at up to {resolution}: the resolution is now {resolution}.</source>
        <translation>{seconds} 秒的视频最高为 {resolution}：分辨率已改为 {resolution}。</translation>
    </message>
    <message>
        <source>1080p videos can only be 6 seconds long. Choose 768p for 10 seconds.</source>
        <translation type="vanished">1080p 视频只能是 6 秒。要生成 10 秒视频，请选择 768p。</translation>
    </message>
</context>
<context>
    <name>PageSwitch</name>
    <message>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Make single videos and see them all (Ctrl+1)</source>
        <translation>制作单个视频并查看全部视频（Ctrl+1）</translation>
    </message>
    <message>
        <source>Stories</source>
        <translation>故事</translation>
    </message>
    <message>
        <source>Make stories of shots that continue one another (Ctrl+2)</source>
        <translation>用前后接续的镜头制作故事（Ctrl+2）</translation>
    </message>
</context>
<context>
    <name>PresetActions</name>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Fill the form from a preset, or keep this one as a preset</source>
        <translation>用预设填写表单，或把当前表单保存为预设</translation>
    </message>
    <message>
        <source>My presets</source>
        <translation>我的预设</translation>
    </message>
    <message>
        <source>Your presets cannot be read</source>
        <translation>无法读取你的预设</translation>
    </message>
    <message>
        <source>None yet: “Save as preset…” keeps the form</source>
        <translation>还没有：“存为预设…”可保存当前表单</translation>
    </message>
    <message>
        <source>Starter recipes</source>
        <translation>入门配方</translation>
    </message>
    <message>
        <source>Save as preset…</source>
        <translation>存为预设…</translation>
    </message>
    <message>
        <source>Manage…</source>
        <translation>管理…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Preset “{name}” applied.</source>
        <translation>已应用预设“{name}”。</translation>
    </message>
    <message>
        <source>Your pictures stay: presets hold no pictures.</source>
        <translation>你的图片保持不变：预设不包含图片。</translation>
    </message>
    <message>
        <source>Pictures this model cannot take were removed.</source>
        <translation>已移除该模型不支持的图片。</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>存为预设</translation>
    </message>
    <message>
        <source>Name of the preset (its prompt and options are kept, not pictures):</source>
        <translation>预设名称（保存提示词和选项，不保存图片）：</translation>
    </message>
    <message>
        <source>Replace the preset?</source>
        <translation>替换这个预设？</translation>
    </message>
    <message>
        <source>You already have a preset called “{name}”. Replace it?</source>
        <translation>已经有名为“{name}”的预设。要替换它吗？</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>The preset was not saved</source>
        <translation>预设没有保存</translation>
    </message>
    <message>
        <source>Saved the preset “{name}”.</source>
        <translation>已保存预设“{name}”。</translation>
    </message>
    <message>
        <source>Import presets</source>
        <translation>导入预设</translation>
    </message>
    <message>
        <source>Presets (*.json);;All files (*)</source>
        <translation>预设 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>没有导入任何预设</translation>
    </message>
    <message>
        <source>The file is not a presets file (it is not text).</source>
        <translation type="vanished">该文件不是预设文件（不是文本）。</translation>
    </message>
    <message>
        <source>Imported 1 preset.</source>
        <translation>已导入 1 个预设。</translation>
    </message>
    <message>
        <source>Imported {count} presets.</source>
        <translation>已导入 {count} 个预设。</translation>
    </message>
    <message>
        <source>Export presets</source>
        <translation>导出预设</translation>
    </message>
    <message>
        <source>Presets (*.json)</source>
        <translation>预设 (*.json)</translation>
    </message>
    <message>
        <source>The presets were not exported</source>
        <translation>预设没有导出</translation>
    </message>
    <message>
        <source>Presets exported to {path}.</source>
        <translation>预设已导出到 {path}。</translation>
    </message>
    <message>
        <source>The file cannot be read or written: {reason}</source>
        <translation>无法读写该文件：{reason}</translation>
    </message>
</context>
<context>
    <name>PreviewPlayer</name>
    <message>
        <source>Video preview</source>
        <translation>视频预览</translation>
    </message>
    <message>
        <source>Space plays or pauses; the arrow keys jump one second back or forward.</source>
        <translation>空格键播放或暂停；方向键后退或前进一秒。</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Playback position</source>
        <translation>播放位置</translation>
    </message>
    <message>
        <source>Drag to jump in the video. Arrow keys: 1 second, Page Up/Down: 5 seconds.</source>
        <translation>拖动可在视频中跳转。方向键：1 秒；Page Up/Down：5 秒。</translation>
    </message>
    <message>
        <source>Playback time</source>
        <translation>播放时间</translation>
    </message>
    <message>
        <source>Current time / length of the video</source>
        <translation>当前时间 / 视频时长</translation>
    </message>
    <message>
        <source>Play the video again and again</source>
        <translation>循环播放视频</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Select a finished video to preview it</source>
        <translation>选择一个已完成的视频进行预览</translation>
    </message>
    <message>
        <source>This video file cannot be found (it may have been moved or deleted).</source>
        <translation>找不到这个视频文件（可能已被移动或删除）。</translation>
    </message>
    <message>
        <source>The video is downloading; it plays here as soon as it is saved.</source>
        <translation>视频正在下载，保存后即在此播放。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>{action} (Space)</source>
        <translation>{action}（空格键）</translation>
    </message>
    <message>
        <source>Sound is off: click to turn it back on</source>
        <translation>声音已关闭：点击重新打开</translation>
    </message>
    <message>
        <source>Turn the sound off</source>
        <translation>关闭声音</translation>
    </message>
    <message>
        <source>This video file cannot be played (it may be incomplete or damaged).</source>
        <translation>无法播放这个视频文件（可能不完整或已损坏）。</translation>
    </message>
</context>
<context>
    <name>PromptCounter</name>
    <message>
        <source>Prompt length</source>
        <translation>提示词长度</translation>
    </message>
    <message>
        <source>{count} / {limit}</source>
        <translation>{count} / {limit}</translation>
    </message>
    <message>
        <source>The prompt has {count} characters; Hailuo accepts at most {limit}. Shorten it by {excess}.</source>
        <translation>提示词有 {count} 个字符，海螺最多接受 {limit} 个。请删减 {excess} 个字符。</translation>
    </message>
    <message>
        <source>{count} of {limit} characters used. Hailuo accepts prompts of up to {limit} characters.</source>
        <translation>已使用 {count}/{limit} 个字符。海螺接受最多 {limit} 个字符的提示词。</translation>
    </message>
</context>
<context>
    <name>PromptEditor</name>
    <message>
        <source>{name}: {description}.</source>
        <translation>{name}：{description}。</translation>
    </message>
    <message>
        <source>{label} [{name}]: {description}.</source>
        <translation>{label} [{name}]：{description}。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Describe the video you want. Put camera moves in square brackets, like [Pan left]. {shortcut} starts the generation.</source>
        <translation>描述你想要的视频。把运镜写在方括号里，例如 [Pan left]。按 {shortcut} 开始生成。</translation>
    </message>
    <message>
        <source>Describe the video you want, for example:
[Push in] A red fox trots through fresh snow at dawn, [Pan left, Pedestal up] revealing a misty pine forest.</source>
        <translation>描述你想要的视频，例如：
[Push in] 黎明时分，一只红狐在新雪上小跑，[Pan left, Pedestal up] 露出雾气弥漫的松林。</translation>
    </message>
</context>
<context>
    <name>ReferenceStrip</name>
    <message>
        <source>Add pictures…</source>
        <translation>添加图片…</translation>
    </message>
    <message>
        <source>Add videos…</source>
        <translation>添加视频…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Reference pictures and videos</source>
        <translation>参考图片和视频</translation>
    </message>
    <message>
        <source>References, in the order the prompt numbers them</source>
        <translation>参考素材，按提示词中的编号顺序排列</translation>
    </message>
    <message>
        <source>Move earlier</source>
        <translation>前移</translation>
    </message>
    <message>
        <source>Move the chosen reference one place earlier</source>
        <translation>把选中的参考素材向前移一位</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>后移</translation>
    </message>
    <message>
        <source>Move the chosen reference one place later</source>
        <translation>把选中的参考素材向后移一位</translation>
    </message>
    <message>
        <source>Could not open “{name}”: {reason}.</source>
        <translation>无法打开“{name}”：{reason}。</translation>
    </message>
    <message>
        <source>Choose reference pictures</source>
        <translation>选择参考图片</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.webp);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose reference videos</source>
        <translation>选择参考视频</translation>
    </message>
    <message>
        <source>Videos (*.mp4 *.mov);;All files (*)</source>
        <translation>视频 (*.mp4 *.mov);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>Region</name>
    <message>
        <source>International (toapis.com)</source>
        <translation>国际 (toapis.com)</translation>
    </message>
    <message>
        <source>中国大陆 (toapis.cn)</source>
        <translation>中国大陆 (toapis.cn)</translation>
    </message>
</context>
<context>
    <name>RemakeQuestion</name>
    <message>
        <source>Demo: nothing is billed.</source>
        <translation>演示模式：不会产生任何费用。</translation>
    </message>
    <message>
        <source>No published price for one of these shots.</source>
        <translation>其中某个镜头没有公布的价格。</translation>
    </message>
    <message>
        <source>Estimate: ≈ ${usd} ({credits} credits)</source>
        <translation>预估：≈ ${usd}（{credits} 积分）</translation>
    </message>
    <message>
        <source> — a guess, no published price</source>
        <translation> — 估算值，没有公布的价格</translation>
    </message>
    <message>
        <source>Make the shot again</source>
        <translation>重新制作镜头</translation>
    </message>
    <message>
        <source>Make shot {number} again?</source>
        <translation>重新制作镜头 {number}？</translation>
    </message>
    <message>
        <source>It is a new, paid video; the one made before stays in your videos.</source>
        <translation>这是一个新的付费视频；之前制作的视频仍保留在你的视频中。</translation>
    </message>
    <message>
        <source>Make shot {number} again, with shot {later}?</source>
        <translation>重新制作镜头 {number}，连同镜头 {later}？</translation>
    </message>
    <message>
        <source>Shot {later} continues from shot {number}: it starts on its last frame, so it is made again after it. Each is a new, paid video; the ones made before stay in your videos.</source>
        <translation>镜头 {later} 接续镜头 {number}：它从该镜头的最后一帧开始，因此会在其后重新制作。每个都是新的付费视频；之前制作的视频仍保留在你的视频中。</translation>
    </message>
    <message>
        <source>{count} shots. </source>
        <translation>共 {count} 个镜头。</translation>
    </message>
    <message>
        <source>Make shot {number} again, with shots {later}?</source>
        <translation>重新制作镜头 {number}，连同镜头 {later}？</translation>
    </message>
    <message>
        <source>Shots {later} continue from shot {number}: they start on its last frame, so they are made again after it. Each is a new, paid video; the ones made before stay in your videos.</source>
        <translation>镜头 {later} 接续镜头 {number}：它们从该镜头的最后一帧开始，因此会在其后重新制作。每个都是新的付费视频；之前制作的视频仍保留在你的视频中。</translation>
    </message>
    <message>
        <source>Make again</source>
        <translation>重新制作</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Choose the library folder</source>
        <translation>选择视频库文件夹</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Test key</source>
        <translation>测试密钥</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Always ask</source>
        <translation>总是询问</translation>
    </message>
    <message>
        <source>Create a capped key…</source>
        <translation>创建限额密钥…</translation>
    </message>
    <message>
        <source>Use my own key again</source>
        <translation>改回我自己的密钥</translation>
    </message>
    <message>
        <source>Tell me when a video is ready while the app is in the background</source>
        <translation>应用在后台时，视频完成后通知我</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Use the system proxy</source>
        <translation>使用系统代理</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>Custom proxy</source>
        <translation>自定义代理</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>A folder for your videos</source>
        <translation>存放视频的文件夹</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Library folder:</source>
        <translation>视频库文件夹(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Videos at once:</source>
        <translation>同时生成(&amp;V)：</translation>
    </message>
    <message>
        <source>Service &amp;address:</source>
        <translation>服务地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>Proxy add&amp;ress:</source>
        <translation>代理地址(&amp;R)：</translation>
    </message>
    <message>
        <source>a day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>a month</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>Estimates use reference prices. Demo videos never count.
A video over a cap is not sent; videos under way go on.</source>
        <translation>按参考价格估算。演示视频从不计入。
超出上限的视频不会发送；进行中的视频照常完成。</translation>
    </message>
    <message>
        <source>Applies after the app is restarted.</source>
        <translation>重启应用后生效。</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>语言(&amp;G)：</translation>
    </message>
    <message>
        <source>International (toapis.com)</source>
        <translation type="vanished">国际 (toapis.com)</translation>
    </message>
    <message>
        <source>中国大陆 (toapis.cn)</source>
        <translation type="vanished">中国大陆 (toapis.cn)</translation>
    </message>
    <message>
        <source>Another address</source>
        <translation>其他地址</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>区域(&amp;G)：</translation>
    </message>
    <message>
        <source>Proxy changes apply after the app is restarted.</source>
        <translation>代理设置在重启应用后生效。</translation>
    </message>
    <message>
        <source>&amp;Daily spending cap:</source>
        <translation type="vanished">每日花费上限(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Monthly spending cap:</source>
        <translation type="vanished">每月花费上限(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Spending caps:</source>
        <translation>花费上限(&amp;S)：</translation>
    </message>
    <message>
        <source>Ask before a &amp;batch over:</source>
        <translation>批量超过此金额时询问(&amp;B)：</translation>
    </message>
    <message>
        <source>Capped key:</source>
        <translation>限额密钥：</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>ToAPIs account</source>
        <translation>ToAPIs 账户</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Spending</source>
        <translation>花费</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>No cap</source>
        <translation>不设上限</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Your ToAPIs API key. It is kept in the system keyring, never in a file.</source>
        <translation>你的 ToAPIs API 密钥。它保存在系统密钥环中，绝不会写入文件。</translation>
    </message>
    <message>
        <source>Show the key</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>Show or hide the characters of the key you are typing.</source>
        <translation>显示或隐藏正在输入的密钥。</translation>
    </message>
    <message>
        <source>Check the key with ToAPIs and show the remaining credits. Costs nothing.</source>
        <translation>向 ToAPIs 验证密钥并显示剩余积分。不收费。</translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation>视频库文件夹</translation>
    </message>
    <message>
        <source>Finished videos are saved in this folder.</source>
        <translation>生成好的视频保存在这个文件夹中。</translation>
    </message>
    <message>
        <source>Pick the folder with a file browser.</source>
        <translation>用文件浏览器选择文件夹。</translation>
    </message>
    <message>
        <source>Videos at once</source>
        <translation>同时生成的视频数</translation>
    </message>
    <message>
        <source>How many videos may be generated at the same time (1 to 10).</source>
        <translation>最多可以同时生成几个视频（1 到 10）。</translation>
    </message>
    <message>
        <source>Daily spending cap</source>
        <translation>每日花费上限</translation>
    </message>
    <message>
        <source>The most the videos sent today may cost, in US dollars. &quot;No cap&quot; at 0.</source>
        <translation>今天发送的视频最多可花费的金额（美元）。设为 0 即“不设上限”。</translation>
    </message>
    <message>
        <source>Monthly spending cap</source>
        <translation>每月花费上限</translation>
    </message>
    <message>
        <source>The most the videos sent this month may cost, in US dollars. &quot;No cap&quot; at 0.</source>
        <translation>本月发送的视频最多可花费的金额（美元）。设为 0 即“不设上限”。</translation>
    </message>
    <message>
        <source>Ask before a batch over</source>
        <translation>批量超过此金额时询问</translation>
    </message>
    <message>
        <source>A batch whose estimated total is above this amount asks before anything is queued. &quot;Always ask&quot; at 0.</source>
        <translation>预计总额高于此金额的批量任务，会在排队前先询问。设为 0 时为“总是询问”。</translation>
    </message>
    <message>
        <source>Create a capped key</source>
        <translation>创建限额密钥</translation>
    </message>
    <message>
        <source>Ask ToAPIs for a key that the service itself stops at these caps, and use it from now on.</source>
        <translation>向 ToAPIs 申请一个由服务本身在这些上限处停止的密钥，并从现在起使用它。</translation>
    </message>
    <message>
        <source>Stop using the capped key and go back to the key you pasted.</source>
        <translation>停止使用限额密钥，改回您粘贴的密钥。</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Show a system notification when a video finishes or fails while you are using another window.</source>
        <translation>你在使用其他窗口时，视频完成或失败会显示系统通知。</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Where you use ToAPIs from: mainland China uses toapis.cn.</source>
        <translation>你在哪里使用 ToAPIs：中国大陆使用 toapis.cn。</translation>
    </message>
    <message>
        <source>Service address</source>
        <translation>服务地址</translation>
    </message>
    <message>
        <source>The address of the ToAPIs service. Leave it as it is unless you were told otherwise.</source>
        <translation>ToAPIs 服务的地址。除非有人特别告诉你，否则请保持不变。</translation>
    </message>
    <message>
        <source>Reset the service address</source>
        <translation>重置服务地址</translation>
    </message>
    <message>
        <source>Go back to {address}.</source>
        <translation>恢复为 {address}。</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>How the app reaches the internet.</source>
        <translation>应用连接互联网的方式。</translation>
    </message>
    <message>
        <source>Proxy address</source>
        <translation>代理地址</translation>
    </message>
    <message>
        <source>Used with &quot;Custom proxy&quot;, for example http://proxy.example.com:8080 or socks5://127.0.0.1:1080.</source>
        <translation>配合“自定义代理”使用，例如 http://proxy.example.com:8080 或 socks5://127.0.0.1:1080。</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Light or dark colours, or the same as the system. Applies at once.</source>
        <translation>浅色或深色，或与系统一致。立即生效。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language of the app. Applies after a restart.</source>
        <translation>应用的界面语言。重启后生效。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Save the settings.</source>
        <translation>保存设置。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close without saving anything.</source>
        <translation>关闭，不保存任何更改。</translation>
    </message>
    <message>
        <source>Plain http:// is not safe for your key. Use an https:// address (http:// is allowed only for this computer, like http://127.0.0.1).</source>
        <translation>普通的 http:// 无法保护你的密钥。请使用 https:// 地址（只有本机地址可以用 http://，例如 http://127.0.0.1）。</translation>
    </message>
    <message>
        <source>Enter a full address starting with https://, like {address}.</source>
        <translation>请输入以 https:// 开头的完整地址，例如 {address}。</translation>
    </message>
    <message>
        <source>Enter the proxy as http://host:port, https://host:port or socks5://host:port.</source>
        <translation>请按 http://主机:端口、https://主机:端口 或 socks5://主机:端口 的格式输入代理。</translation>
    </message>
    <message>
        <source>Enter the full path of a folder, or click Choose….</source>
        <translation>请输入文件夹的完整路径，或点击“选择…”。</translation>
    </message>
    <message>
        <source>Videos cannot be saved in this folder ({reason}). Choose another folder.</source>
        <translation>无法在这个文件夹中保存视频（{reason}）。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>•••• saved</source>
        <translation>•••• 已保存</translation>
    </message>
    <message>
        <source>Paste your ToAPIs API key</source>
        <translation>粘贴你的 ToAPIs API 密钥</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Asking ToAPIs about this key…</source>
        <translation>正在向 ToAPIs 验证这个密钥…</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>无上限</translation>
    </message>
    <message>
        <source>Hailuo Desktop will ask ToAPIs for a new key that the service itself stops at these caps (daily: {daily}, monthly: {monthly}) and use it from now on instead of your key.

Your own key is kept aside in the keyring: &quot;Use my own key again&quot; brings it back. The caps of the new key cannot be changed later.

Create the capped key?</source>
        <translation>Hailuo Desktop 将向 ToAPIs 申请一个新密钥，服务本身会在这些上限处让它停止（每日：{daily}，每月：{monthly}），并从现在起用它代替您的密钥。

您自己的密钥会另行保存在系统钥匙串中：“改回我自己的密钥”可以恢复它。新密钥的上限以后无法更改。

要创建限额密钥吗？</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>正在创建…</translation>
    </message>
    <message>
        <source>Asking ToAPIs for a capped key…</source>
        <translation>正在向 ToAPIs 申请限额密钥…</translation>
    </message>
</context>
<context>
    <name>SettingsFlow</name>
    <message>
        <source>The test was interrupted.</source>
        <translation>测试被中断了。</translation>
    </message>
    <message>
        <source>Key works — {credits} credits left</source>
        <translation>密钥可用——剩余 {credits} 积分</translation>
    </message>
    <message>
        <source>Creating the capped key was interrupted.</source>
        <translation>创建限额密钥的操作被中断了。</translation>
    </message>
</context>
<context>
    <name>ShotCard</name>
    <message>
        <source>No prompt yet</source>
        <translation>还没有提示词</translation>
    </message>
</context>
<context>
    <name>ShotEditor</name>
    <message>
        <source>Continue from the shot before</source>
        <translation>接续上一个镜头</translation>
    </message>
    <message>
        <source>Make again…</source>
        <translation>重新制作…</translation>
    </message>
    <message>
        <source>Shot {number}</source>
        <translation>镜头 {number}</translation>
    </message>
    <message>
        <source>No shot</source>
        <translation>没有镜头</translation>
    </message>
    <message>
        <source>The first shot starts the story: there is no shot before it.</source>
        <translation>第一个镜头是故事的开头：它前面没有镜头。</translation>
    </message>
    <message>
        <source>{model} cannot start from a picture, so it cannot continue.</source>
        <translation>{model} 不能从图片开始，因此无法接续。</translation>
    </message>
    <message>
        <source>Starts on the last frame of shot {number}&apos;s video.</source>
        <translation>从镜头 {number} 视频的最后一帧开始。</translation>
    </message>
</context>
<context>
    <name>ShotStrip</name>
    <message>
        <source>Shots of the story</source>
        <translation>故事的镜头</translation>
    </message>
    <message>
        <source>Move earlier</source>
        <translation>前移</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>后移</translation>
    </message>
    <message>
        <source>Make again…</source>
        <translation>重新制作…</translation>
    </message>
    <message>
        <source>Remove shot</source>
        <translation>移除镜头</translation>
    </message>
</context>
<context>
    <name>StoriesPage</name>
    <message>
        <source>New story</source>
        <translation>新建故事</translation>
    </message>
    <message>
        <source>Story {number}</source>
        <translation>故事 {number}</translation>
    </message>
    <message>
        <source>New story — describe its first shot</source>
        <translation>已新建故事 — 请描述它的第一个镜头</translation>
    </message>
    <message>
        <source>Shot moved to place {number}</source>
        <translation>镜头已移到第 {number} 位</translation>
    </message>
    <message>
        <source>Shot {number} removed</source>
        <translation>已移除镜头 {number}</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>The story cannot be made yet: {reason}</source>
        <translation>故事暂时无法制作：{reason}</translation>
    </message>
    <message>
        <source>Every shot is made or on its way.</source>
        <translation>所有镜头都已制作或正在制作。</translation>
    </message>
    <message>
        <source>Making the story: shots that continue wait for the shot before</source>
        <translation>正在制作故事：接续的镜头会等待上一个镜头完成</translation>
    </message>
    <message>
        <source>Making shot {number} again</source>
        <translation>正在重新制作镜头 {number}</translation>
    </message>
    <message>
        <source>Making shot {number} again, and the shots that continue from it</source>
        <translation>正在重新制作镜头 {number} 以及接续它的镜头</translation>
    </message>
    <message>
        <source>Make every shot first: the export joins them all.</source>
        <translation>请先制作所有镜头：导出会把它们全部拼接起来。</translation>
    </message>
    <message>
        <source>Tell a story in shots</source>
        <translation>用镜头讲一个故事</translation>
    </message>
    <message>
        <source>A story is a few shots made one after another — each can start on the last frame of the shot before, so the video runs on. When every shot is made, export the story as one video.</source>
        <translation>故事由依次制作的几个镜头组成 — 每个镜头都可以从上一个镜头的最后一帧开始，让视频连贯地延续下去。所有镜头制作完成后，可以把故事导出为一个视频。</translation>
    </message>
    <message>
        <source>Untitled story</source>
        <translation>未命名故事</translation>
    </message>
    <message>
        <source>1 shot</source>
        <translation>1 个镜头</translation>
    </message>
    <message>
        <source>{count} shots</source>
        <translation>{count} 个镜头</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>being made</source>
        <translation>正在制作</translation>
    </message>
    <message>
        <source>all made</source>
        <translation>已全部制作</translation>
    </message>
    <message>
        <source>≈ ${usd} ({credits} credits)</source>
        <translation>≈ ${usd}（{credits} 积分）</translation>
    </message>
    <message>
        <source>{count} to make: {estimate}</source>
        <translation>待制作 {count} 个：{estimate}</translation>
    </message>
    <message>
        <source>Make every shot not made yet; shots that continue wait for the shot before</source>
        <translation>制作所有尚未制作的镜头；接续的镜头会等待上一个镜头完成</translation>
    </message>
    <message>
        <source>Every shot is made or on its way</source>
        <translation>所有镜头都已制作或正在制作</translation>
    </message>
    <message>
        <source>Join the shots into one video</source>
        <translation>把镜头拼接成一个视频</translation>
    </message>
    <message>
        <source>Play the exported story</source>
        <translation>播放导出的故事</translation>
    </message>
    <message>
        <source>Export the story first</source>
        <translation>请先导出故事</translation>
    </message>
    <message>
        <source>Shot {number} is made. To change it, make it again.</source>
        <translation>镜头 {number} 已制作完成。如需修改，请重新制作。</translation>
    </message>
    <message>
        <source>Shot {number} is being made.</source>
        <translation>镜头 {number} 正在制作。</translation>
    </message>
    <message>
        <source>The story is being made: shot {number} can change once it is.</source>
        <translation>故事正在制作：制作完成后才能修改镜头 {number}。</translation>
    </message>
    <message>
        <source>The story is being made: change its shots once it is.</source>
        <translation>故事正在制作：请在制作完成后再修改它的镜头。</translation>
    </message>
    <message>
        <source>A story needs a title.</source>
        <translation>故事需要一个标题。</translation>
    </message>
    <message>
        <source>Story renamed</source>
        <translation>故事已重命名</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>详细信息…</translation>
    </message>
    <message>
        <source>Shot {number}: </source>
        <translation>镜头 {number}：</translation>
    </message>
    <message>
        <source>1 shot could not be made: see its card.</source>
        <translation>有 1 个镜头无法制作：请查看它的卡片。</translation>
    </message>
    <message>
        <source>{count} shots could not be made: see their cards.</source>
        <translation>有 {count} 个镜头无法制作：请查看它们的卡片。</translation>
    </message>
    <message>
        <source>The story is made — export it to watch it in one piece</source>
        <translation>故事已制作完成 — 导出后即可完整观看</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export cancelled — nothing was written</source>
        <translation>已取消导出 — 没有写入任何文件</translation>
    </message>
    <message>
        <source>Story exported: {name}</source>
        <translation>故事已导出：{name}</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>{model} · {seconds} s</source>
        <translation>{model} · {seconds} 秒</translation>
    </message>
    <message>
        <source>Not made — point at it to see why</source>
        <translation>未制作 — 将鼠标指向它查看原因</translation>
    </message>
    <message>
        <source>Shot {number}</source>
        <translation>镜头 {number}</translation>
    </message>
    <message>
        <source>Shot {number} starts on the last frame of shot {before}</source>
        <translation>镜头 {number} 从镜头 {before} 的最后一帧开始</translation>
    </message>
    <message>
        <source>Not ready — see its form</source>
        <translation>尚未就绪 — 请查看它的表单</translation>
    </message>
    <message>
        <source>Not made yet</source>
        <translation>尚未制作</translation>
    </message>
    <message>
        <source>Waits for shot {number}</source>
        <translation>等待镜头 {number}</translation>
    </message>
    <message>
        <source>Stopped: shot {number} failed</source>
        <translation>已停止：镜头 {number} 失败</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Not sure it was sent</source>
        <translation>不确定是否已发送</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Waiting for a free slot</source>
        <translation>等待空闲名额</translation>
    </message>
    <message>
        <source>Uploading its first frame</source>
        <translation>正在上传首帧</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Making {percent} %</source>
        <translation>制作中 {percent}%</translation>
    </message>
    <message>
        <source>the shots differ in format, so the picture was re-encoded ({reason})</source>
        <translation>镜头的格式不同，因此画面已重新编码（{reason}）</translation>
    </message>
    <message>
        <source>without sound: only some shots have sound</source>
        <translation>没有声音：只有部分镜头有声音</translation>
    </message>
    <message>
        <source>without sound: the shots&apos; sound differs in format</source>
        <translation>没有声音：各镜头的声音格式不同</translation>
    </message>
</context>
<context>
    <name>StoryHeader</name>
    <message>
        <source>Story</source>
        <translation>故事</translation>
    </message>
    <message>
        <source>Choose a story (the newest first)</source>
        <translation>选择故事（最新的在前）</translation>
    </message>
    <message>
        <source>New story</source>
        <translation>新建故事</translation>
    </message>
    <message>
        <source>Story title</source>
        <translation>故事标题</translation>
    </message>
    <message>
        <source>Title of the story</source>
        <translation>故事的标题</translation>
    </message>
    <message>
        <source>Click to rename the story</source>
        <translation>点击以重命名故事</translation>
    </message>
    <message>
        <source>An estimate from MiniMax&apos;s reference prices; ToAPIs bills its own price.</source>
        <translation>根据 MiniMax 参考价格估算；ToAPIs 按其自己的价格计费。</translation>
    </message>
    <message>
        <source>Make the story</source>
        <translation>制作故事</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export the story as one video</source>
        <translation>将故事导出为一个视频</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play the exported story</source>
        <translation>播放导出的故事</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>导出进度</translation>
    </message>
    <message>
        <source>Exporting %p %</source>
        <translation>正在导出 %p%</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Untitled story</source>
        <translation>未命名故事</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>Close the message</source>
        <translation>关闭此消息</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to Hailuo Desktop</source>
        <translation>欢迎使用 Hailuo Desktop</translation>
    </message>
    <message>
        <source>Describe a scene in a few words, and optionally add a picture for the first frame: Hailuo Desktop turns it into a short video made by MiniMax Hailuo 2.3. The videos are made by the ToAPIs service and paid from your ToAPIs credits, so the app needs your ToAPIs API key. You paste it once; it is kept safely in your system&apos;s keyring.</source>
        <translation type="vanished">用几句话描述一个场景，还可以添加一张图片作为首帧：Hailuo Desktop 会用 MiniMax Hailuo 2.3 把它变成一段短视频。视频由 ToAPIs 服务生成，从你的 ToAPIs 积分中扣费，所以应用需要你的 ToAPIs API 密钥。只需粘贴一次，它会安全地保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Get a key at toapis.com</source>
        <translation type="vanished">在 toapis.com 获取密钥</translation>
    </message>
    <message>
        <source>Describe a scene in a few words, and optionally add a picture for the first frame: Hailuo Desktop turns it into a short video made by MiniMax&apos;s Hailuo models (Hailuo 2.3, Hailuo 02, and H3 with sound). The videos are made by the ToAPIs service and paid from your ToAPIs credits, so the app needs your ToAPIs API key.</source>
        <translation>用几句话描述一个场景，也可以添加一张图片作为首帧：Hailuo Desktop 会用 MiniMax 的海螺模型（Hailuo 2.3、Hailuo 02，以及带声音的 H3）把它变成一段短视频。视频由 ToAPIs 服务生成，并从你的 ToAPIs 积分中扣费，所以应用需要你的 ToAPIs API 密钥。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Try the demo (no key, no cost)</source>
        <translation>试用演示（无需密钥，不收费）</translation>
    </message>
    <message>
        <source>The demo makes sample videos right on this computer, so you can see how everything works. Nothing is sent over the internet and nothing is charged.</source>
        <translation>演示会直接在这台电脑上制作示例视频，让你了解各项功能如何使用。不会通过互联网发送任何内容，也不会产生任何费用。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>Your key stays on this computer. Press Enter to go on.</source>
        <translation>你的密钥只保存在这台电脑上。按回车键继续。</translation>
    </message>
    <message>
        <source>Opens {url} in your web browser, where you can sign up and create a key.</source>
        <translation>在网页浏览器中打开 {url}，你可以在那里注册并创建密钥。</translation>
    </message>
    <message>
        <source>Describe a scene in a few words, and optionally add a picture for the first frame: Hailuo Desktop turns it into a short video made by MiniMax&apos;s Hailuo models (Hailuo 2.3, Hailuo 02, and H3 with sound). The videos are made by the ToAPIs service and paid from your ToAPIs credits, so the app needs your ToAPIs API key. You paste it once; it is kept safely in your system&apos;s keyring.</source>
        <translation type="vanished">用几句话描述一个场景，也可以添加一张图片作为首帧：Hailuo Desktop 会用 MiniMax 的海螺模型（Hailuo 2.3、Hailuo 02，以及带声音的 H3）把它变成一段短视频。视频由 ToAPIs 服务生成，并从你的 ToAPIs 积分中扣费，所以应用需要你的 ToAPIs API 密钥。你只需粘贴一次，它会安全地保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>International (toapis.com)</source>
        <translation type="vanished">国际 (toapis.com)</translation>
    </message>
    <message>
        <source>中国大陆 (toapis.cn)</source>
        <translation type="vanished">中国大陆 (toapis.cn)</translation>
    </message>
    <message>
        <source>Get a key at {host}</source>
        <translation>在 {host} 获取密钥</translation>
    </message>
    <message>
        <source>Where you use ToAPIs</source>
        <translation>你在哪里使用 ToAPIs</translation>
    </message>
    <message>
        <source>Mainland China uses toapis.cn; elsewhere toapis.com.</source>
        <translation>中国大陆使用 toapis.cn；其他地区使用 toapis.com。</translation>
    </message>
    <message>
        <source>ToAPIs API key</source>
        <translation>ToAPIs API 密钥</translation>
    </message>
    <message>
        <source>Paste your ToAPIs API key here</source>
        <translation>在这里粘贴你的 ToAPIs API 密钥</translation>
    </message>
    <message>
        <source>Your key stays on this computer, in the system keyring. Press Enter to go on.</source>
        <translation type="vanished">你的密钥只保存在这台电脑的系统密钥环中。按 Enter 继续。</translation>
    </message>
    <message>
        <source>Check the key and start using the app.</source>
        <translation>验证密钥并开始使用应用。</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>Explore the app with sample videos made on this computer: no key, no cost.</source>
        <translation>用在这台电脑上制作的示例视频体验应用：无需密钥，不收费。</translation>
    </message>
    <message>
        <source>Your ToAPIs API &amp;key:</source>
        <translation>你的 ToAPIs API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Where you use ToAPIs:</source>
        <translation>使用地区(&amp;W)：</translation>
    </message>
</context>
</TS>
